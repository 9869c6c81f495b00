package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.contrastlab.core.loss.CrossCorrelationLoss;
import org.contrastlab.core.ssl.Collapse;

/**
 * Barlow Twins (Zbontar et al. 2021, "Barlow Twins: Self-Supervised Learning via Redundancy
 * Reduction"; facebookresearch/barlowtwins {@code main.py}). One network (backbone and a
 * projector of three bias-free layers with BN between); the cross-correlation of the two
 * views' batch-normalised embeddings is pushed to the identity:
 * {@code Σ(1 − C_ii)² + λ·Σ_{i≠j} C_ij²}.
 */
public final class BarlowTwins extends OneEncoder {
    private final float lambda;

    public BarlowTwins(Block backbone, Block projector, MethodContext context) {
        super(backbone, projector, context.featureDim());
        this.lambda = (float) context.params().get("lambda");
    }




    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> z = Forward.each(step.parameters(), step.views(), backbone, head);
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        return CrossCorrelationLoss.compute(z.get(0), z.get(1), lambda);
    }

}
