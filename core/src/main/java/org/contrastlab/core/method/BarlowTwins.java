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
    /** Barlow Twins' registration. Preset: the BYOL views, LARS at 0.3, projection 512; 800 × 128 in {@code bench methods} (+3.70). */
    public static final MethodSpec SPEC = new MethodSpec("barlow-twins",
            "the cross-correlation of two views' embeddings pushed to the identity (redundancy reduction)",
            "Zbontar et al. 2021, arXiv:2103.03230; facebookresearch/barlowtwins", 2, 2,
            List.of(new ParamSpec("lambda", 0.0051, 0, 1, "weight of the off-diagonal terms")),
            MethodPreset.views("byol-cifar").optimizer("lars").learningRate(0.3).heads(0, 512).bench(800, 128)
                    .onShapes("simclr-shapes", 1000, 64),
            MethodCheck.NONE,
            (nb, c) -> new BarlowTwins(nb.get(), c.headNoBias(false, 3), c));

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
