package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * Barlow Twins (Zbontar et al. 2021, eq. 1; facebookresearch/barlowtwins {@code main.py}):
 * each embedding is batch-normalised along the batch (zero mean, unit variance per dimension,
 * biased variance and ε = 1e-5 as {@code BatchNorm1d(affine=False)}), {@code C = z1ᵀ·z2 / N},
 * and the loss is {@code Σ_i (1 − C_ii)² + λ·Σ_{i≠j} C_ij²}.
 */
public final class CrossCorrelationLoss {
    private static final float BN_EPS = 1e-5f;

    private CrossCorrelationLoss() {
    }

    public static NDArray compute(NDArray z1, NDArray z2, float lambda) {
        long n = z1.getShape().get(0);
        NDArray c = Scalars.div(standardize(z1).transpose().matMul(standardize(z2)), n);
        NDArray diagonal = c.diagonal();
        NDArray onDiagonal = Scalars.sub(diagonal, 1).square().sum();
        NDArray offDiagonal = c.square().sum().sub(diagonal.square().sum());
        return onDiagonal.add(Scalars.mul(offDiagonal, lambda));
    }

    /** The cross-correlation matrix's input: each column to zero mean and unit (biased) variance. */
    static NDArray standardize(NDArray z) {
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        NDArray variance = centred.square().mean(new int[] {0}, true);
        return centred.div(Scalars.add(variance, BN_EPS).sqrt());
    }
}
