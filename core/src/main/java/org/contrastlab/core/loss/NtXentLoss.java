package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (Chen et al. 2020,
 * eq. 1; google-research/simclr {@code objective.py}).
 *
 * <p>Given two views' projections {@code z1, z2} of shape (N, d), let {@code u} be the 2N rows
 * of {@code [z1; z2]} L2-normalised and {@code s_ij = u_i·u_j / τ}. For each row i with twin
 * p(i) (i ↔ i+N):
 * <pre>ℓ_i = −log( exp(s_i,p(i)) / Σ_{k≠i} exp(s_ik) )</pre>
 * and the loss is the mean of ℓ_i over all 2N rows. Output: a scalar. Its minimum tends to 0
 * as the positives align and negatives separate; with all rows equal it is log(2N − 1).
 */
public final class NtXentLoss {
    private static final float MASK = -1e9f;

    private NtXentLoss() {
    }

    public static NDArray compute(NDArray z1, NDArray z2, float temperature) {
        if (!z1.getShape().equals(z2.getShape())) {
            throw new IllegalArgumentException("views differ in shape: " + z1.getShape() + " vs " + z2.getShape());
        }
        int n = (int) z1.getShape().get(0);
        NDManager m = z1.getManager();
        NDArray u = l2Normalize(NDArrays.concat(new ai.djl.ndarray.NDList(z1, z2), 0));
        NDArray sim = u.matMul(u.transpose()).div(temperature);
        NDArray eye = m.eye(2 * n).toType(sim.getDataType(), false);
        NDArray masked = sim.add(eye.mul(MASK));
        NDArray logProb = masked.logSoftmax(1);
        NDArray twin = NDArrays.concat(new ai.djl.ndarray.NDList(
                m.arange(n, 2 * n, 1, DataType.INT64), m.arange(0, n, 1, DataType.INT64)), 0);
        NDArray positives = m.eye(2 * n).toType(sim.getDataType(), false).get(twin);
        return logProb.mul(positives).sum().div(-2f * n);
    }

    /** Rows divided by their L2 norm (with a floor of 1e-12, as torch's F.normalize). */
    public static NDArray l2Normalize(NDArray x) {
        NDArray norm = x.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
        return x.div(norm);
    }
}
