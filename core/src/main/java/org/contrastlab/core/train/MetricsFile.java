package org.contrastlab.core.train;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run folder's {@code metrics.jsonl}, written from the run's events: a line per step
 * ({@code step}, {@code epoch}, {@code loss}, {@code lr}, then the method's monitors and
 * {@code grad_norm} by name, the finite ones), an evaluation of the step just reported in that
 * step's line ({@code knn_top1}, {@code attention_jaccard}), any other evaluation (step 0, the
 * end of the run) on a line of its own. The latest line is held until an event that cannot
 * belong to it; {@link #flush()} puts it on disk, which the trainer calls before each
 * checkpoint, so that a checkpoint never holds a step whose line is missing.
 */
final class MetricsFile implements TrainingListener {
    private final RunDirectory run;
    private Map<String, Object> pending;

    MetricsFile(RunDirectory run) {
        this.run = run;
    }

    /** A resumed run: the lines of steps after {@code step} are dropped, to be written again. */
    void resumedAt(int step) {
        run.truncateMetricsAfter(step);
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted s) {
            flush();
            pending = line(s);
        } else if (event instanceof TrainingEvent.Evaluated e) {
            lineOf(e.step()).put("knn_top1", e.knnTop1());
        } else if (event instanceof TrainingEvent.AttentionScored a) {
            lineOf(a.step()).put("attention_jaccard", a.jaccard());
        } else if (event instanceof TrainingEvent.Finished) {
            flush();
        } else if (event instanceof TrainingEvent.Failed) {
            try {
                flush();
            } catch (UncheckedIOException e) {
                // the failure being reported matters more than its step's line
            }
        }
    }

    /** Writes the line held, if any. */
    void flush() {
        if (pending != null) {
            Map<String, Object> line = pending;
            pending = null;
            run.appendMetrics(line);
        }
    }

    /** The line held if it is {@code step}'s, else a new line of its own for it. */
    private Map<String, Object> lineOf(int step) {
        if (pending == null || !Integer.valueOf(step).equals(pending.get("step"))) {
            flush();
            pending = new LinkedHashMap<>(Map.of("step", step));
        }
        return pending;
    }

    private static Map<String, Object> line(TrainingEvent.StepCompleted s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", s.step());
        line.put("epoch", s.epoch());
        line.put("loss", s.loss());
        line.put("lr", s.learningRate());
        TreeMap<String, Double> figures = new TreeMap<>(s.monitors());
        figures.put("grad_norm", s.gradNorm());
        figures.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                line.put(key, value);
            }
        });
        return line;
    }
}
