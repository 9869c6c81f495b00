package org.contrastlab.core.train;

import java.util.Locale;

/**
 * A listener that says once when kNN, a quarter of the way or more into the run, is no better
 * than at random initialisation (the step-0 evaluation): a run that neither diverges nor learns
 * (e.g. {@code --lr 99}) would otherwise train at chance without a word. It watches the events
 * going to {@code downstream} and adds a {@link TrainingEvent.Warned} among them.
 */
final class StallWatch implements TrainingListener {
    /** kNN within this of the random-initialisation level is "not learning". */
    static final double MARGIN = 0.01;
    /** Steps before which a run is not judged by default: a few steps move kNN by noise alone. */
    static final int MIN_STEPS = 50;

    private final TrainingListener downstream;
    private final int minSteps;
    private final String start;
    private int totalSteps;
    private Double baseline;
    private boolean warned;

    /** @param start what the step-0 network is, for the message: "random initialisation", or the weights a run started from */
    StallWatch(TrainingListener downstream, int minSteps, String start) {
        this.downstream = downstream;
        this.minSteps = minSteps;
        this.start = start;
    }

    /** What the step-0 evaluation measures for {@code config}: its random initialisation or the weights it starts from. */
    static String startOf(TrainConfig config) {
        return config.initFrom() == null ? "random initialisation" : "its start (the weights of " + config.initFrom() + ")";
    }

    @Override
    public void onEvent(TrainingEvent event) {
        downstream.onEvent(event);
        if (event instanceof TrainingEvent.Started s) {
            totalSteps = s.totalSteps();
        } else if (event instanceof TrainingEvent.Evaluated e) {
            judge(e.step(), e.knnTop1());
        }
    }

    private void judge(int step, double top1) {
        if (step == 0) {
            baseline = top1;
        } else if (baseline != null && !warned && step >= Math.max(totalSteps / 4, minSteps) && top1 < baseline + MARGIN) {
            warned = true;
            downstream.onEvent(new TrainingEvent.Warned(step, String.format(Locale.ROOT,
                    "step %d: kNN top-1 %.4f is no better than at %s (%.4f): the run is not learning; "
                            + "a learning rate far too high or too low, or collapsed outputs (the collapse curve near 0), "
                            + "are the usual causes", step, top1, start, baseline)));
        }
    }
}
