package org.contrastlab.app.cli;

import picocli.CommandLine.Option;

/** Options every computing command has. */
public final class CommonOptions {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;
}
