package org.contrastlab.app.common;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.train.StepGate;

/**
 * What the dashboard can ask of a running job, checked between steps: stop (a checkpoint is
 * written), write a checkpoint now ({@code checkpointNow} answers true once per request), and
 * where to resume from ({@code resumeFrom}, a checkpoint folder of an earlier run, or null
 * for a new run), and the gate that holds it between steps for the step-through (null: none).
 */
public record RunControls(BooleanSupplier stop, BooleanSupplier checkpointNow, Path resumeFrom, StepGate gate) {
    /** Controls that only stop. */
    public static RunControls stopOnly(BooleanSupplier stop) {
        return new RunControls(stop, () -> false, null, null);
    }
}
