package org.contrastlab.core.train;

import java.util.Locale;

/**
 * Stops a run that diverges, before the bad step updates anything: a loss or gradient norm
 * that is no longer a finite number, or a loss that explodes to over {@value #EXPLOSION}
 * times the size of the run's first loss (at least 1).
 */
public final class DivergenceGuard {
    static final double EXPLOSION = 1000;
    private double first = Double.NaN;

    /** Throws a {@link DivergenceException} naming the loss, the step and the learning rate. */
    public void checkLoss(double loss, int step, double learningRate) {
        checkFinite("the loss", loss, step, learningRate);
        if (Double.isNaN(first)) {
            first = loss;
        } else if (Math.abs(loss) > EXPLOSION * Math.max(1, Math.abs(first))) {
            throw new DivergenceException(String.format(Locale.ROOT,
                    "the loss exploded to %.4g at step %d, over %.0f times its first value %.4g (learning rate %.4g); "
                            + "the last good checkpoint is kept; try a lower --lr or --grad-clip",
                    loss, step, EXPLOSION, first, learningRate));
        }
    }

    /** Throws a {@link DivergenceException} when {@code value} (e.g. "the gradient norm") is NaN or infinite. */
    public static void checkFinite(String quantity, double value, int step, double learningRate) {
        if (!Double.isFinite(value)) {
            throw new DivergenceException(String.format(Locale.ROOT,
                    "%s became %s at step %d (learning rate %.4g); the last good checkpoint is kept; try a lower --lr",
                    quantity, value, step, learningRate));
        }
    }
}
