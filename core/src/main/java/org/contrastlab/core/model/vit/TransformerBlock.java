package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * A pre-norm transformer block as timm's / DINO's {@code Block}:
 * {@code x ← x + drop_path(attn(norm1(x)))}, {@code x ← x + drop_path(fc2(gelu(fc1(norm2(x)))))},
 * LayerNorm with ε = 1e-6, the MLP {@code mlpRatio} times wider; with LayerScale (CaiT, DINOv2's
 * {@code ls1}/{@code ls2}) each branch is multiplied by a learned per-channel gain first. Drop-path (stochastic depth)
 * drops a sample's whole branch with probability {@code dropPath} while training and scales the
 * kept ones by 1/(1 − p).
 */
public final class TransformerBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final SelfAttention attn;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    private final float dropPath;
    private final Parameter ls1;
    private final Parameter ls2;

    public TransformerBlock(int dim, int heads, int mlpRatio, float dropPath) {
        this(dim, heads, mlpRatio, dropPath, false);
    }

    public TransformerBlock(int dim, int heads, int mlpRatio, float dropPath, boolean layerScale) {
        this.norm1 = addChildBlock("norm1", norm());
        this.attn = addChildBlock("attn", new SelfAttention(dim, heads));
        this.norm2 = addChildBlock("norm2", norm());
        this.fc1 = addChildBlock("fc1", Linear.builder().setUnits((long) mlpRatio * dim).build());
        this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
        this.dropPath = dropPath;
        this.ls1 = layerScale ? addParameter(gain("ls1", dim)) : null;
        this.ls2 = layerScale ? addParameter(gain("ls2", dim)) : null;
    }

    private static Parameter gain(String name, int dim) {
        return Parameter.builder().setName(name).setType(Parameter.Type.GAMMA).optShape(new Shape(dim))
                .optInitializer(Initializer.ONES).build();
    }

    /** DINOv2's LayerScale gains ({@code ls1.gamma}, {@code ls2.gamma}), or null without LayerScale. */
    Parameter ls1() {
        return ls1;
    }

    Parameter ls2() {
        return ls2;
    }

    static LayerNorm norm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
    }

    SelfAttention attn() {
        return attn;
    }

    LayerNorm norm1() {
        return norm1;
    }

    LayerNorm norm2() {
        return norm2;
    }

    Linear fc1() {
        return fc1;
    }

    Linear fc2() {
        return fc2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = attn.forward(ps, norm1.forward(ps, new NDList(x), training), training).singletonOrThrow();
        x = x.add(dropPath(scale(ps, ls1, a, training), training));
        NDArray h = Activation.gelu(fc1.forward(ps, norm2.forward(ps, new NDList(x), training), training).singletonOrThrow());
        NDArray m = fc2.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(x.add(dropPath(scale(ps, ls2, m, training), training)));
    }

    private static NDArray scale(ParameterStore ps, Parameter gain, NDArray branch, boolean training) {
        if (gain == null) {
            return branch;
        }
        return branch.mul(Scopes.view(ps.getValue(gain, branch.getDevice(), training), branch.getManager()));
    }

    /** The attention weights (B, H, T, T) this block computes for its input {@code x}. */
    public NDArray attention(ParameterStore ps, NDArray x, boolean training) {
        return attn.attention(ps, norm1.forward(ps, new NDList(x), training).singletonOrThrow(), training);
    }

    private NDArray dropPath(NDArray branch, boolean training) {
        if (!training || dropPath <= 0) {
            return branch;
        }
        long b = branch.getShape().get(0);
        float keep = 1 - dropPath;
        NDArray mask = Scalars.lt(branch.getManager().randomUniform(0, 1, new Shape(b, 1, 1)), keep).toType(branch.getDataType(), false);
        return branch.mul(Scalars.div(mask, keep));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        norm1.initialize(manager, dataType, in);
        attn.initialize(manager, dataType, in);
        norm2.initialize(manager, dataType, in);
        fc1.initialize(manager, dataType, in);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {in})[0]);
    }
}
