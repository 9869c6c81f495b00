package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.contrastlab.core.env.Scalars;

/**
 * Multi-head self-attention whose weights can be read out (DJL hides them in its own
 * transformer blocks). As timm's / DINO's {@code Attention}: one linear layer makes q, k and v
 * for every head, {@code A = softmax(q·kᵀ/√d_head)} per head, the heads' {@code A·v}
 * concatenated and projected. Input and output (B, T, D).
 */
public final class SelfAttention extends AbstractBlock {
    private final int heads;
    private final Linear qkv;
    private final Linear proj;

    public SelfAttention(int dim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("width " + dim + " does not split into " + heads + " heads");
        }
        this.heads = heads;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
    }

    public int heads() {
        return heads;
    }

    Linear qkv() {
        return qkv;
    }

    Linear proj() {
        return proj;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray[] qkvs = split(ps, x, training);
        NDArray attention = weights(qkvs[0], qkvs[1]);
        Shape s = x.getShape();
        NDArray mixed = attention.matMul(qkvs[2]).transpose(0, 2, 1, 3).reshape(s);
        return proj.forward(ps, new NDList(mixed), training);
    }

    /** The attention weights (B, H, T, T) of {@code x} (B, T, D): each row a distribution over the tokens. */
    public NDArray attention(ParameterStore ps, NDArray x, boolean training) {
        NDArray[] qkvs = split(ps, x, training);
        return weights(qkvs[0], qkvs[1]);
    }

    /** q, k, v, each (B, H, T, D/H). */
    private NDArray[] split(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long d = s.get(2);
        NDArray all = qkv.forward(ps, new NDList(x), training).singletonOrThrow()
                .reshape(b, t, 3, heads, d / heads).transpose(2, 0, 3, 1, 4);
        return new NDArray[] {all.get(0), all.get(1), all.get(2)};
    }

    private static NDArray weights(NDArray q, NDArray k) {
        float scale = (float) (1 / Math.sqrt(q.getShape().get(3)));
        return Scalars.mul(q, scale).matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        qkv.initialize(manager, dataType, in);
        proj.initialize(manager, dataType, in);
    }
}
