package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.contrastlab.core.loss.NtXentLoss;

/**
 * SimCLR v1 (Chen, Kornblith, Norouzi &amp; Hinton 2020, "A Simple Framework for Contrastive
 * Learning of Visual Representations"; reference code google-research/simclr). One encoder f
 * and a projection head g; both views of a batch go through f and g together (one batch of
 * 2N, so batch norm sees both, as the reference's global BN does) and the NT-Xent loss
 * contrasts each view with its twin against the other 2N − 2. Features for evaluation are
 * taken before g.
 */
public final class SimClr implements SslMethod {
    private final Block backbone;
    private final Block head;
    private final float temperature;
    private final int featureDim;

    public SimClr(Block backbone, int featureDim, Block head, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.backbone = backbone;
        this.head = head;
        this.temperature = temperature;
        this.featureDim = featureDim;
    }

    @Override
    public void initialize(ai.djl.ndarray.NDManager manager, int imageSize) {
        backbone.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 3, imageSize, imageSize));
        head.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, featureDim));
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, head);
    }

    @Override
    public NDArray loss(ParameterStore parameters, List<NDArray> views) {
        if (views.size() != 2) {
            throw new IllegalArgumentException("SimCLR takes 2 views, got " + views.size());
        }
        int n = (int) views.get(0).getShape().get(0);
        NDArray both = NDArrays.concat(new NDList(views.get(0), views.get(1)), 0);
        NDArray features = backbone.forward(parameters, new NDList(both), true).singletonOrThrow();
        NDArray z = head.forward(parameters, new NDList(features), true).singletonOrThrow();
        return NtXentLoss.compute(z.get("0:" + n), z.get(n + ":"), temperature);
    }
}
