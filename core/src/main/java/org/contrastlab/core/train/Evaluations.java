package org.contrastlab.core.train;

/**
 * A run's evaluations: kNN top-1 on the held-out split (and, for a ViT on data with object
 * masks, the attention score) at step 0 (the level a learning run climbs away from), every
 * {@code evalEvery} steps, and at the end. Reported as {@link TrainingEvent.Evaluated} and
 * {@link TrainingEvent.AttentionScored}; the metrics file writes them from those events.
 */
final class Evaluations {
    private final int every;
    private final int heldOut;
    private final TrainingListener listener;

    /**
     * @param every the cadence, 0 for none but the end's
     * @param heldOut the held-out images (the attention score's cap)
     */
    Evaluations(int every, int heldOut, TrainingListener listener) {
        this.every = every;
        this.heldOut = heldOut;
        this.listener = listener;
    }

    /** Whether a new run's untrained network is evaluated before its first step. */
    boolean atStart(TrainingSession session) {
        return session.canEvaluate() && every > 0;
    }

    /** Whether the cadence evaluates after step {@code done} (the end is evaluated apart). */
    boolean due(TrainingSession session, int done, int total) {
        return session.canEvaluate() && every > 0 && done % every == 0 && done < total;
    }

    /** Evaluates the network now, reports it as of {@code step}, and returns kNN top-1. */
    double evaluate(TrainingSession session, int step) {
        double top1 = session.evaluate();
        listener.onEvent(new TrainingEvent.Evaluated(step, top1, session.bankSize(), session.querySize()));
        double jaccard = session.attentionScore();
        if (Double.isFinite(jaccard)) {
            listener.onEvent(new TrainingEvent.AttentionScored(step, jaccard, Math.min(TrainingSession.ATTENTION_IMAGES, heldOut)));
        }
        return top1;
    }
}
