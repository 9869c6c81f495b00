package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

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
 * The twin/positive selection runs on the device as a mask, so any number of views works.
 */
public final class NtXentLoss {
    private static final float MASK = -1e9f;

    private NtXentLoss() {
    }

    public static NDArray compute(NDArray z1, NDArray z2, float temperature) {
        if (!z1.getShape().equals(z2.getShape())) {
            throw new IllegalArgumentException("views differ in shape: " + z1.getShape() + " vs " + z2.getShape());
        }
        return compute(List.of(z1, z2), temperature);
    }

    /**
     * The multi-view form (multi-crop SimCLR, as solo-learn's {@code simclr_loss_func} with
     * indexes): rows of V views of N images; every other view of the same image is a positive,
     * and a row's loss is the mean of −log p over its V − 1 positives. With V = 2 it is the
     * NT-Xent above.
     *
     * @param views V ≥ 2 arrays (N, d), row i of each from image i
     */
    public static NDArray compute(List<NDArray> views, float temperature) {
        return compute(views, null, temperature);
    }

    /**
     * The multi-view form with extra negatives shared by every row (SimCLR v2's memory: past
     * keys of a momentum encoder, Chen et al. 2020b, section 2): each row's softmax runs over
     * the other V·N − 1 rows and the K memory rows; the positives are as above.
     *
     * @param memory (K, d) unit rows carrying no gradient, or null for none
     */
    public static NDArray compute(List<NDArray> views, NDArray memory, float temperature) {
        int v = views.size();
        if (v < 2) {
            throw new IllegalArgumentException("NT-Xent needs at least 2 views, got " + v);
        }
        int n = (int) views.get(0).getShape().get(0);
        NDManager m = views.get(0).getManager();
        NDArray u = l2Normalize(NDArrays.concat(new NDList(views.toArray(new NDArray[0])), 0));
        NDArray sim = Scalars.div(u.matMul(u.transpose()), temperature);
        NDArray eye = m.eye(v * n).toType(sim.getDataType(), false);
        NDArray masked = sim.add(Scalars.mul(eye, MASK));
        NDArray logProb;
        if (memory == null) {
            logProb = masked.logSoftmax(1);
        } else {
            NDArray extra = Scalars.div(u.matMul(Scopes.view(memory, m).transpose()), temperature);
            logProb = NDArrays.concat(new NDList(masked, extra), 1).logSoftmax(1).get(":, :" + (v * n));
        }
        NDArray image = m.arange(0, n, 1, DataType.INT64).tile(v);
        NDArray sameImage = image.expandDims(1).eq(image.expandDims(0)).toType(sim.getDataType(), false);
        NDArray positives = sameImage.sub(eye);
        return Scalars.div(logProb.mul(positives).sum(), -(double) (v - 1) * v * n);
    }

    /** Rows divided by their L2 norm (with a floor of 1e-12, as torch's F.normalize). */
    public static NDArray l2Normalize(NDArray x) {
        return Unit.rows(x);
    }
}
