package org.contrastlab.app.common;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What the dashboard can ask of a running job, checked between steps: stop (a checkpoint is
 * written), write a checkpoint now ({@code checkpointNow} answers true once per request), and
 * where to resume from ({@code resumeFrom}, a checkpoint folder of an earlier run, or null
 * for a new run).
 */
public record RunControls(BooleanSupplier stop, BooleanSupplier checkpointNow, Path resumeFrom) {
    /** Controls that only stop. */
    public static RunControls stopOnly(BooleanSupplier stop) {
        return new RunControls(stop, () -> false, null);
    }
}
