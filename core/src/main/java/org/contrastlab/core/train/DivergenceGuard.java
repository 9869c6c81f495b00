package org.contrastlab.core.train;

import java.util.Locale;

/** Stops a run whose loss is no longer a finite number, before the bad step updates anything. */
public final class DivergenceGuard {
    private DivergenceGuard() {
    }

    /** Throws a {@link DivergenceException} naming the quantity, the step and the learning rate. */
    public static void checkLoss(double loss, int step, double learningRate) {
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(String.format(Locale.ROOT,
                    "the loss became %s at step %d (learning rate %.4g); the last good checkpoint is kept; try a lower --lr",
                    loss, step, learningRate));
        }
    }
}
