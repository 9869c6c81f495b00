package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * The Kozachenko-Leonenko entropy estimator as a loss (Sablayrolles et al. 2019, "Spreading
 * vectors for similarity search"; used on the CLS token by DINOv2, Oquab et al. 2023,
 * facebookresearch/dinov2 {@code loss/koleo_loss.py}): the rows are scaled to unit length, each
 * finds its nearest other row, and the loss is {@code −mean_i log(‖x_i − x_nn(i)‖ + ε)}. It is
 * smallest when the batch spreads out evenly, which keeps features from collapsing together.
 */
public final class KoLeoLoss {
    private static final float EPS = 1e-8f;

    private KoLeoLoss() {
    }

    /** @param features (B, D), B ≥ 2; the gradient flows into both ends of each nearest pair */
    public static NDArray compute(NDArray features) {
        long b = features.getShape().get(0);
        if (b < 2) {
            throw new IllegalArgumentException("KoLeo needs at least two rows, got " + b);
        }
        NDArray x = Unit.rows(features);
        // a row's own similarity (1) is pushed below every other's (≥ −1) before the arg max
        NDArray dots = x.stopGradient().matMul(x.stopGradient().transpose())
                .sub(Scalars.mul(x.getManager().eye((int) b), 3f));
        NDArray nearest = dots.argMax(1).oneHot((int) b).toType(x.getDataType(), false).matMul(x);
        NDArray distance = Scalars.add(x.sub(nearest), EPS).norm(new int[] {1});
        return Scalars.add(distance, EPS).log().mean().neg();
    }
}
