package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * InstDisc's noise-contrastive estimation (Wu et al. 2018, eq. 5–8;
 * zhirongw/lemniscate.pytorch {@code lib/NCECriterion.py}). With the non-parametric softmax
 * estimate {@code P(i|v) = exp(v·f_i/τ)/Z} of n images, K noise samples drawn uniformly
 * ({@code P_n = 1/n}), the data probability of a pair is {@code h = P/(P + K·P_n)}, and
 * <pre>ℓ = −log h(positive) − Σ_k log(1 − h(noise_k))</pre>
 * summed over the K + 1 pairs and averaged over the batch; ε = 1e-7 as the reference.
 */
public final class NceLoss {
    private static final float EPS = 1e-7f;

    private NceLoss() {
    }

    /**
     * @param probabilities (B, K + 1) values {@code exp(s/τ)/Z}, the positive in column 0
     * @param datasetSize n, the number of images (classes) of the bank
     */
    public static NDArray compute(NDArray probabilities, int datasetSize) {
        long k = probabilities.getShape().get(1) - 1;
        float noise = (float) k / datasetSize;
        NDArray positive = probabilities.get(":, 0");
        NDArray negatives = probabilities.get(":, 1:");
        NDArray logPositive = positive.div(Scalars.add(positive, noise + EPS)).log();
        NDArray logNegatives = Scalars.mul(Scalars.pow(Scalars.add(negatives, noise + EPS), -1), noise).log().sum(new int[] {1});
        return logPositive.add(logNegatives).mean().neg();
    }
}
