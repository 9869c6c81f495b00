package org.contrastlab.core.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * Swin's window attention (Liu et al. 2021, eq. 4; microsoft/Swin-Transformer
 * {@code WindowAttention}): multi-head self-attention among the w² tokens of each window,
 * {@code softmax(q·kᵀ/√d + B)·v}, where B is a learned bias per head for each relative
 * offset between two tokens, read from a (2w − 1)² × heads table; a shifted window's mask is
 * added before the softmax. Input (windows·B, w², C).
 */
final class WindowAttention extends AbstractBlock {
    private final int heads;
    private final int window;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter table;
    private NDArray index;

    WindowAttention(int dim, int heads, int window) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("width " + dim + " does not split into " + heads + " heads");
        }
        this.heads = heads;
        this.window = window;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
        this.table = addParameter(Parameter.builder().setName("relative_position_bias_table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape((long) (2 * window - 1) * (2 * window - 1), heads))
                .optInitializer(new TruncatedNormalInitializer(0.02f)).build());
    }

    int heads() {
        return heads;
    }

    /** The attention of every window and head, (windows·B, heads, w², w²); {@code mask} (windows, w², w²) or null. */
    NDArray weights(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        NDArray[] qkvs = split(ps, x, training);
        return weights(ps, qkvs[0], qkvs[1], mask, training);
    }

    NDArray forward(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        NDArray[] qkvs = split(ps, x, training);
        NDArray attention = weights(ps, qkvs[0], qkvs[1], mask, training);
        Shape s = x.getShape();
        NDArray mixed = attention.matMul(qkvs[2]).transpose(0, 2, 1, 3).reshape(s);
        return proj.forward(ps, new NDList(mixed), training).singletonOrThrow();
    }

    private NDArray[] split(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        NDArray all = qkv.forward(ps, new NDList(x), training).singletonOrThrow()
                .reshape(s.get(0), s.get(1), 3, heads, s.get(2) / heads).transpose(2, 0, 3, 1, 4);
        return new NDArray[] {all.get(0), all.get(1), all.get(2)};
    }

    private NDArray weights(ParameterStore ps, NDArray q, NDArray k, NDArray mask, boolean training) {
        float scale = (float) (1 / Math.sqrt(q.getShape().get(3)));
        NDArray logits = Scalars.mul(q, scale).matMul(k.transpose(0, 1, 3, 2));
        logits = logits.add(bias(ps, logits, training));
        if (mask != null) {
            long windows = mask.getShape().get(0);
            long n = mask.getShape().get(1);
            Shape s = logits.getShape();
            logits = logits.reshape(s.get(0) / windows, windows, heads, n, n).add(Scopes.view(mask, logits.getManager())
                    .expandDims(1).expandDims(0)).reshape(s);
        }
        return logits.softmax(-1);
    }

    /** (1, heads, w², w²): each head's bias for every pair of tokens of a window. */
    private NDArray bias(ParameterStore ps, NDArray like, boolean training) {
        NDArray t = Scopes.view(ps.getValue(table, like.getDevice(), training), like.getManager());
        int n = window * window;
        return t.get(new NDIndex("{}", Scopes.view(index(), like.getManager()))).reshape(n, n, heads).transpose(2, 0, 1)
                .expandDims(0);
    }

    private synchronized NDArray index() {
        if (index == null) {
            HostPack pack = new HostPack();
            int handle = pack.addIndices(WindowGeometry.relativeIndex(window));
            NDManager owner = table.getArray().getManager();
            index = pack.upload(owner).get(handle).duplicate();
        }
        return index;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        proj.initialize(manager, dataType, inputShapes[0]);
    }
}
