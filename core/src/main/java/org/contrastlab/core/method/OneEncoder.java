package org.contrastlab.core.method;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.DeviceValue;

/**
 * The shape shared by the methods with one network and no teacher (SimCLR, InvaSpread,
 * InstDisc, Barlow Twins): a backbone and a head on its features, both trained, and the
 * collapse monitor of the last step.
 */
abstract class OneEncoder implements SslMethod {
    protected final Block backbone;
    protected final Block head;
    private final int featureDim;
    /** The collapse monitor of the last step, set by {@link #loss}. */
    protected final DeviceValue collapse = new DeviceValue();

    OneEncoder(Block backbone, Block head, int featureDim) {
        this.backbone = backbone;
        this.head = head;
        this.featureDim = featureDim;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        head.initialize(manager, DataType.FLOAT32, new Shape(2, featureDim));
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
    public Map<String, Double> monitors() {
        return Map.of("collapse", collapse.get());
    }
}
