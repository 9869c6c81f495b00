package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.BinaryOperator;
import org.contrastlab.core.env.Scalars;

/**
 * The cross-view pairing of multi-crop methods (BYOL, SwAV, DINO): the targets come from the
 * global views (the first ones), and every view predicts the target of each global view but
 * its own. The loss is the mean of a term over those pairs, {@code (g, v)} with {@code v ≠ g}:
 * with 2 global and 6 local views, 2 × 7 = 14 pairs.
 */
public final class CrossViewPairs {
    private CrossViewPairs() {
    }

    /**
     * @param targets one array per global view, in the order of the views
     * @param views   one array per view, the global views first
     * @param term    the loss of one pair: (target of view g, prediction of view v)
     * @return the mean of {@code term} over the pairs
     */
    public static NDArray mean(List<NDArray> targets, List<NDArray> views, BinaryOperator<NDArray> term) {
        if (targets.isEmpty() || views.size() < 2 || targets.size() > views.size()) {
            throw new IllegalArgumentException("cross-view pairs need targets of 1.." + views.size()
                    + " global views and at least 2 views, got " + targets.size() + " and " + views.size());
        }
        NDArray total = null;
        int pairs = 0;
        for (int g = 0; g < targets.size(); g++) {
            for (int v = 0; v < views.size(); v++) {
                if (v != g) {
                    NDArray t = term.apply(targets.get(g), views.get(v));
                    total = total == null ? t : total.add(t);
                    pairs++;
                }
            }
        }
        return Scalars.div(total, pairs);
    }

    /** The pairs' count for {@code globals} targets among {@code views} views. */
    public static int count(int globals, int views) {
        return globals * (views - 1);
    }

    /** Cross-entropy of a target distribution and log-probabilities, (B, K) each: {@code mean_b −Σ_k t·log p}. */
    public static NDArray crossEntropy(NDArray target, NDArray logProbabilities) {
        return target.mul(logProbabilities).sum(new int[] {1}).mean().neg();
    }
}
