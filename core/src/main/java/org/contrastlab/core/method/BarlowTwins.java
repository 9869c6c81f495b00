package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.loss.CrossCorrelationLoss;
import org.contrastlab.core.ssl.Collapse;

/**
 * Barlow Twins (Zbontar et al. 2021, "Barlow Twins: Self-Supervised Learning via Redundancy
 * Reduction"; facebookresearch/barlowtwins {@code main.py}). One network (backbone and a
 * projector of three bias-free layers with BN between); the cross-correlation of the two
 * views' batch-normalised embeddings is pushed to the identity:
 * {@code Σ(1 − C_ii)² + λ·Σ_{i≠j} C_ij²}.
 */
public final class BarlowTwins implements SslMethod {
    private final Block backbone;
    private final Block projector;
    private final MethodContext context;
    private final float lambda;
    private double collapse = Double.NaN;

    public BarlowTwins(Block backbone, Block projector, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.context = context;
        this.lambda = (float) context.params().get("lambda");
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, projector);
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> z = Forward.each(step.parameters(), step.views(), backbone, projector);
        collapse = Collapse.std(z.get(0).stopGradient());
        return CrossCorrelationLoss.compute(z.get(0), z.get(1), lambda);
    }

    @Override
    public Map<String, Double> monitors() {
        return Map.of("collapse", collapse);
    }
}
