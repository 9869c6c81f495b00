package org.contrastlab.app.cli;

import picocli.CommandLine.Option;

/** What the attention commands share: the block whose attention is read and the mass DINO's mask keeps. */
public final class AttentionOptions {
    @Option(names = "--layer", defaultValue = "-1", description = "block whose attention is read (0-based; -1: the last)")
    int layer;
    @Option(names = "--mass", defaultValue = "0.6", description = "share of the attention mass the mask keeps (default: ${DEFAULT-VALUE}, "
            + "DINO's)")
    double mass;

    void check() {
        if (!(mass > 0 && mass <= 1)) {
            throw new IllegalArgumentException("--mass must be within (0, 1], got " + mass);
        }
    }
}
