package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.Scopes;

/**
 * A Vision Transformer (Dosovitskiy et al. 2021) in the layout of timm's and DINO's
 * {@code VisionTransformer}: a patch embedding (a convolution with stride = patch size), a
 * CLS token, position embeddings (learned, or MoCo v3's fixed 2-D sin-cos), pre-norm blocks,
 * a final LayerNorm; the output is the CLS token's features (B, D). The position table is
 * made for the grid of the size it is initialised with and resampled bicubically for any
 * other, so a ViT trained on 32 px crops runs on a 224 px photo. Every block's attention
 * weights can be read out ({@link #attention}).
 */
public final class VisionTransformer extends AbstractBlock {
    private final ViTSize size;
    private final Conv2d patchEmbed;
    private final Parameter cls;
    private final Parameter pos;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Parameter registers;
    private final int registerCount;
    private PositionEmbedding.Resampling resampling = PositionEmbedding.Resampling.TIMM;

    /**
     * @param dropPathRate the last block's drop-path rate; block i gets {@code rate·i/(depth − 1)} (timm)
     * @param sinCos MoCo v3's fixed sin-cos position table instead of a learned one
     */
    public VisionTransformer(ViTSize size, float dropPathRate, boolean sinCos) {
        this(size, dropPathRate, sinCos, 0, false);
    }

    /**
     * DINOv2's variant as well: {@code registers} register tokens after the CLS token (Darcet et
     * al. 2024, "Vision Transformers Need Registers"; added after the position embedding, which
     * they do not get) and LayerScale in every block.
     */
    public VisionTransformer(ViTSize size, float dropPathRate, boolean sinCos, int registers, boolean layerScale) {
        this.size = size;
        int dim = size.dim();
        this.patchEmbed = addChildBlock("patch_embed", Conv2d.builder().setKernelShape(new Shape(size.patch(), size.patch()))
                .optStride(new Shape(size.patch(), size.patch())).setFilters(dim).build());
        this.cls = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.WEIGHT)
                .optInitializer(new TruncatedNormalInitializer(0.02f)).build());
        this.pos = addParameter(Parameter.builder().setName("pos_embed").setType(Parameter.Type.WEIGHT)
                .optInitializer(sinCos ? PositionEmbedding.sinCosInitializer() : new TruncatedNormalInitializer(0.02f))
                .optRequiresGrad(!sinCos).build());
        for (int i = 0; i < size.depth(); i++) {
            float rate = size.depth() == 1 ? dropPathRate : dropPathRate * i / (size.depth() - 1);
            TransformerBlock block = new TransformerBlock(dim, size.heads(), 4, rate, layerScale);
            block.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
            blocks.add(addChildBlock("block" + i, block));
        }
        this.norm = addChildBlock("norm", TransformerBlock.norm());
        this.registerCount = registers;
        this.registers = registers > 0 ? addParameter(Parameter.builder().setName("register_tokens").setType(Parameter.Type.WEIGHT)
                .optInitializer(new TruncatedNormalInitializer(0.02f)).optShape(new Shape(1, registers, dim)).build()) : null;
    }

    /** Tokens before the patches: the CLS token and the register tokens. */
    public int prefixTokens() {
        return 1 + registerCount;
    }

    Parameter registerTokens() {
        return registers;
    }

    public ViTSize size() {
        return size;
    }

    public List<TransformerBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    Conv2d patchEmbed() {
        return patchEmbed;
    }

    /** The patch projection (a convolution with stride = patch size). */
    public Block patchEmbedding() {
        return patchEmbed;
    }

    /** The position table (1, 1 + N, D) of the initialisation grid. */
    public Parameter positionTable() {
        return pos;
    }

    Parameter clsToken() {
        return cls;
    }

    Parameter posEmbed() {
        return pos;
    }

    LayerNorm norm() {
        return norm;
    }

    /**
     * MoCo v3's options, before initialisation: the fixed 2-D sin-cos position table instead of
     * a learned one, and a frozen random patch projection (its weights stay at their random
     * initialisation: MoCo v3, section 4.2, against the instability of ViT training).
     */
    public VisionTransformer mocoV3(boolean sinCos, boolean frozenPatchProjection) {
        if (sinCos) {
            pos.setInitializer(PositionEmbedding.sinCosInitializer());
            pos.freeze(true);
        }
        if (frozenPatchProjection) {
            patchEmbed.freezeParameters(true);
        }
        return this;
    }

    /** How the position table is resampled to another grid (timm's unless the weights came from DINO's or MoCo's code). */
    public PositionEmbedding.Resampling resampling() {
        return resampling;
    }

    public VisionTransformer resampling(PositionEmbedding.Resampling how) {
        this.resampling = how;
        return this;
    }

    /** The first layer that trains: the patch projection, or the first block when the projection is frozen. */
    public Block firstTrainableLayer() {
        return patchEmbed.getParameters().values().stream().anyMatch(Parameter::requiresGradient) ? patchEmbed : blocks.get(0);
    }

    /** The side in pixels of the square images the position table was made for (initialised). */
    public int tableSize() {
        return PositionEmbedding.squareGrid(pos.getArray().getShape().get(1) - 1) * size.patch();
    }

    /** The patch grid (rows, columns) of an image of {@code height}×{@code width} pixels. */
    public int[] grid(long height, long width) {
        return new int[] {(int) (height / size.patch()), (int) (width / size.patch())};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        int[] g = grid(inputShapes[0].get(2), inputShapes[0].get(3));
        cls.setShape(new Shape(1, 1, size.dim()));
        pos.setShape(new Shape(1, 1 + (long) g[0] * g[1], size.dim()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(allTokens(ps, inputs.singletonOrThrow(), training).get(":, 0, :"));
    }

    /**
     * Every token after the final norm, (B, {@link #prefixTokens()} + N, D): the CLS token
     * first, then the register tokens, then the N patch tokens in row-major grid order (what
     * iBOT's patch loss reads; the block's own output is the first of them).
     */
    public NDArray allTokens(ParameterStore ps, NDArray images, boolean training) {
        NDArray x = tokens(ps, images, training);
        for (TransformerBlock block : blocks) {
            x = block.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return norm.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * The attention weights (B, H, 1 + N, 1 + N) of block {@code layer} (0-based; negative counts
     * from the last, −1 the last) for {@code images} (B, 3, H, W), in inference mode.
     */
    public NDArray attention(ParameterStore ps, NDArray images, int layer) {
        int at = layer < 0 ? blocks.size() + layer : layer;
        if (at < 0 || at >= blocks.size()) {
            throw new IllegalArgumentException("layer " + layer + " outside the " + blocks.size() + " blocks of this ViT");
        }
        try (NoGrad off = NoGrad.enter()) {
            NDArray x = tokens(ps, images, false);
            for (int i = 0; i < at; i++) {
                x = blocks.get(i).forward(ps, new NDList(x), false).singletonOrThrow();
            }
            return blocks.get(at).attention(ps, x, false);
        }
    }

    /** Patch tokens with the CLS token in front and the position embeddings added: (B, 1 + N, D). */
    private NDArray tokens(ParameterStore ps, NDArray images, boolean training) {
        long b = images.getShape().get(0);
        int[] g = grid(images.getShape().get(2), images.getShape().get(3));
        NDArray patches = patchEmbed.forward(ps, new NDList(images), training).singletonOrThrow();
        NDArray seq = patches.reshape(b, size.dim(), (long) g[0] * g[1]).transpose(0, 2, 1);
        // the parameters are long-lived: ops on them go through views owned by the batch's scope
        NDManager scope = images.getManager();
        NDArray token = Scopes.view(ps.getValue(cls, images.getDevice(), training), scope).broadcast(new Shape(b, 1, size.dim()));
        NDArray table = PositionEmbedding.resample(Scopes.view(ps.getValue(pos, images.getDevice(), training), scope), g[0], g[1],
                resampling);
        NDArray x = NDArrays.concat(new NDList(token, seq), 1).add(table);
        if (registers == null) {
            return x;
        }
        NDArray reg = Scopes.view(ps.getValue(registers, images.getDevice(), training), scope).broadcast(new Shape(b, registerCount,
                size.dim()));
        return NDArrays.concat(new NDList(x.get(":, :1, :"), reg, x.get(":, 1:, :")), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), size.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape image = inputShapes[0];
        patchEmbed.initialize(manager, dataType, image);
        int[] g = grid(image.get(2), image.get(3));
        Shape seq = new Shape(image.get(0), prefixTokens() + (long) g[0] * g[1], size.dim());
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, seq);
        }
        norm.initialize(manager, dataType, seq);
    }
}
