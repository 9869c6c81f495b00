package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastlab.core.env.Scalars;

/**
 * InvaSpread's in-batch instance loss (Ye et al. 2019, eq. 4–6; mangye16/Unsupervised_Embedding_Learning
 * {@code BatchAverage.py}, {@code BatchCriterion} with negM = 1). The 2N unit features of the
 * batch (both views) are compared with the batch itself: {@code a_ij = exp(x_i·sg(x_j)/τ)} for
 * j ≠ i, {@code P_i = a_i,p(i) / Σ_j a_ij} with p(i) the other view of i, and
 * <pre>ℓ = −(1/2N)·Σ_i [ log P_i + Σ_{j ≠ i, p(i)} log(1 − a_ij / Σ_k a_ik) ]</pre>
 * summed over the 2N rows and divided by 2N as the reference: the positive pulled towards its
 * twin, every other sample pushed away. The right-hand operands are detached, as the
 * reference's {@code .data}.
 */
public final class BatchInstanceLoss {
    private BatchInstanceLoss() {
    }

    /** @param x1 (N, d) unit features of the first views; @param x2 those of the second views */
    public static NDArray compute(NDArray x1, NDArray x2, float temperature) {
        long n = x1.getShape().get(0);
        NDArray x = NDArrays.concat(new NDList(x1, x2), 0);
        NDArray twin = NDArrays.concat(new NDList(x2, x1), 0).stopGradient();
        NDArray positive = Scalars.div(x.mul(twin).sum(new int[] {1}), temperature).exp();
        NDArray offDiagonal = Scalars.add(x.getManager().eye((int) (2 * n)).neg(), 1);
        NDArray all = Scalars.div(x.matMul(x.stopGradient().transpose()), temperature).exp().mul(offDiagonal);
        NDArray denominator = all.sum(new int[] {1});
        NDArray pPositive = positive.div(denominator);
        NDArray logNotChosen = Scalars.add(all.div(denominator.expandDims(1)).neg(), 1).log().sum(new int[] {1});
        // the twin's term is not a negative: take it back out
        NDArray negatives = logNotChosen.sub(Scalars.add(pPositive.neg(), 1).log());
        return Scalars.div(pPositive.log().sum().add(negatives.sum()), 2.0 * n).neg();
    }
}
