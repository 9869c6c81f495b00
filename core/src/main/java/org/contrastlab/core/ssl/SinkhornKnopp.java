package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * SwAV's codes (Caron et al. 2020, section 3.1; facebookresearch/swav {@code main_swav.py},
 * {@code distributed_sinkhorn}): from the scores (B, K) of a batch against K prototypes,
 * {@code Q = exp(scores/ε)ᵀ} is scaled in turn so that its rows (prototypes) sum to 1/K and its
 * columns (samples) to 1/B, {@code iterations} times, and returned as (B, K) with each row
 * summing to 1: an equipartition of the batch over the prototypes. Call with detached scores.
 */
public final class SinkhornKnopp {
    private SinkhornKnopp() {
    }

    public static NDArray codes(NDArray scores, double epsilon, int iterations) {
        if (!(epsilon > 0) || iterations < 1) {
            throw new IllegalArgumentException("Sinkhorn needs ε > 0 and at least one iteration, got ε=" + epsilon + ", " + iterations);
        }
        long b = scores.getShape().get(0);
        long k = scores.getShape().get(1);
        // subtracting the maximum keeps exp finite at small ε; the scalings remove it again
        NDArray q = Scalars.div(scores.sub(scores.max()), (float) epsilon).exp().transpose();
        q = q.div(q.sum());
        for (int i = 0; i < iterations; i++) {
            q = Scalars.div(q.div(q.sum(new int[] {1}, true)), (float) k);
            q = Scalars.div(q.div(q.sum(new int[] {0}, true)), (float) b);
        }
        return Scalars.mul(q, (float) b).transpose();
    }
}
