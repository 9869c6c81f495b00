package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.contrastlab.core.env.Scalars;

/**
 * SwAV's swapped prediction (Caron et al. 2020, eq. 1–2; facebookresearch/swav
 * {@code main_swav.py}): the codes q of each global view are predicted by every other view's
 * {@code softmax(scores/τ)}; the loss is the mean over global views g and views v ≠ g of
 * {@code −Σ_k q_g,k · log softmax(s_v/τ)_k}, averaged over the batch.
 */
public final class SwappedPredictionLoss {
    private SwappedPredictionLoss() {
    }

    /**
     * @param scores one (B, K) score array per view, the global views first
     * @param codes one (B, K) code array per global view (no gradient), rows summing to 1
     */
    public static NDArray compute(List<NDArray> scores, List<NDArray> codes, float temperature) {
        List<NDArray> logProbabilities = scores.stream().map(s -> Scalars.div(s, temperature).logSoftmax(1)).toList();
        return CrossViewPairs.mean(codes, logProbabilities, CrossViewPairs::crossEntropy);
    }
}
