package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * MoCo's InfoNCE (He et al. 2019, eq. 1; facebookresearch/moco {@code moco/builder.py}): for
 * each query q with its key k⁺ and K negatives,
 * <pre>ℓ = −log( exp(q·k⁺/τ) / (exp(q·k⁺/τ) + Σ_k exp(q·k_k/τ)) )</pre>
 * i.e. cross-entropy over the logits {@code [q·k⁺, q·negativesᵀ]/τ} with the positive at
 * index 0, averaged over the batch. Inputs are unit rows; the keys and negatives should carry
 * no gradient (the caller detaches them).
 */
public final class InfoNceLoss {
    /**
     * The monitor a method with an InfoNCE loss publishes: its bound on what the two views share,
     * {@code I(v1; v2) ≥ log K − L} with K candidates a row (van den Oord et al. 2018, eq. 10;
     * InfoMin's x axis), in nats.
     */
    public static final String BOUND_MONITOR = "info_nce_bound";
    /** Published beside {@link #BOUND_MONITOR}: its ceiling, {@code log K}. */
    public static final String CEILING_MONITOR = "info_nce_ceiling";

    private InfoNceLoss() {
    }

    /** {@code log(candidates) − loss}: the bound of {@link #BOUND_MONITOR} for one InfoNCE term. */
    public static double bound(int candidates, double loss) {
        return Math.log(candidates) - loss;
    }

    /**
     * @param q (B, d) unit queries
     * @param positives (B, d) unit keys, row i the positive of query i
     * @param negatives (K, d) unit negatives shared by every query
     */
    public static NDArray compute(NDArray q, NDArray positives, NDArray negatives, float temperature) {
        NDArray pos = q.mul(positives).sum(new int[] {1}, true);
        // the negatives (a queue) outlive the step: take them through a handle of the query's scope
        NDArray neg = q.matMul(Scopes.view(negatives, q.getManager()).transpose());
        NDArray logits = Scalars.div(NDArrays.concat(new NDList(pos, neg), 1), temperature);
        return logits.logSoftmax(1).get(":, 0").mean().neg();
    }
}
