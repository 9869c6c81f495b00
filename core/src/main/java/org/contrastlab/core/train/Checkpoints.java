package org.contrastlab.core.train;

import java.nio.file.Path;

/**
 * A run's checkpoints: every {@code checkpointEvery} steps, when asked, and at the end unless
 * the run ended where it was last kept. The metrics are flushed first, so that a checkpoint
 * never holds a step whose metrics line is not on disk. Reports each as
 * {@link TrainingEvent.CheckpointWritten}.
 */
final class Checkpoints {
    private final RunDirectory run;
    private final MetricsFile metrics;
    private final int every;
    private final TrainingListener listener;
    /** The step of the checkpoint written or restored last, -1 before any. */
    private int lastKept = -1;

    Checkpoints(RunDirectory run, MetricsFile metrics, int every, TrainingListener listener) {
        this.run = run;
        this.metrics = metrics;
        this.every = every;
        this.listener = listener;
    }

    /** The run went on from a checkpoint of {@code step}: ending there writes nothing new. */
    void restored(int step) {
        lastKept = step;
    }

    /** Whether the regular cadence keeps step {@code done} (the end is kept by {@link #atEnd}). */
    boolean due(int done, int total) {
        return every > 0 && done % every == 0 && done < total;
    }

    /** After step {@code done}: keeps it when due or {@code asked}. */
    void afterStep(TrainingSession session, int done, int total, boolean asked) {
        if (done < total && (asked || due(done, total))) {
            keep(session, done);
        }
    }

    /** At the end of the run (its budget or a stop): keeps {@code step} unless it is kept already. */
    void atEnd(TrainingSession session, int step) {
        if (step > 0 && step != lastKept) {
            keep(session, step);
        }
    }

    private void keep(TrainingSession session, int step) {
        metrics.flush();
        Path path = session.checkpoint(run, step);
        lastKept = step;
        listener.onEvent(new TrainingEvent.CheckpointWritten(step, path.toString()));
    }
}
