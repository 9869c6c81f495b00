package org.contrastlab.core.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A Swin Transformer backbone (Liu et al. 2021, "Swin Transformer: Hierarchical Vision
 * Transformer using Shifted Windows"; microsoft/Swin-Transformer, timm's {@code swin_transformer.py}):
 * a patch embedding (a p × p convolution of stride p, then layer norm), stages of
 * {@link SwinBlock}s alternating plain and shifted windows with {@link PatchMerging} between
 * them, a final layer norm and the mean over the tokens: the features. Its blocks are laid out
 * for the image size it is initialised with; it has no CLS token, so what it attends to is
 * read per window ({@link #windowAttention}).
 */
public final class SwinTransformer extends AbstractBlock {
    private final SwinSize size;
    private Block patchEmbed;
    private LayerNorm patchNorm;
    private final List<List<SwinBlock>> stages = new ArrayList<>();
    private final List<PatchMerging> merges = new ArrayList<>();
    private LayerNorm norm;
    private int imageSize = -1;

    public SwinTransformer(SwinSize size) {
        this.size = size;
    }

    public SwinSize size() {
        return size;
    }

    /** The tokens per side of stage {@code s} for the image size the network was laid out for. */
    public int tokens(int stage) {
        return imageSize / size.patch() >> stage;
    }

    /** Lays out the blocks for {@code image} px: each block's windows and masks depend on its grid. */
    private void layOut(int image) {
        if (imageSize == image) {
            return;
        }
        if (imageSize > 0) {
            throw new IllegalArgumentException("this Swin Transformer was laid out for " + imageSize + " px images, not " + image);
        }
        int grid = image / size.patch();
        if (image % size.patch() != 0 || grid % (1 << (size.stages() - 1)) != 0) {
            throw new IllegalArgumentException("a " + image + " px image does not fit " + size + ": it needs a multiple of "
                    + size.patch() * (1 << (size.stages() - 1)) + " px");
        }
        imageSize = image;
        patchEmbed = addChildBlock("patch_embed", Conv2d.builder().setKernelShape(new Shape(size.patch(), size.patch()))
                .optStride(new Shape(size.patch(), size.patch())).setFilters(size.dim()).build());
        patchNorm = addChildBlock("patch_norm", LayerNorm.builder().axis(2).build());
        for (int s = 0; s < size.stages(); s++) {
            int side = grid >> s;
            List<SwinBlock> blocks = new ArrayList<>();
            for (int i = 0; i < size.depths()[s]; i++) {
                blocks.add(addChildBlock("stage" + s + "_block" + i, new SwinBlock(size.dim(s), size.heads()[s], side, side,
                        size.window(), i % 2 == 1)));
            }
            stages.add(blocks);
            if (s < size.stages() - 1) {
                merges.add(addChildBlock("stage" + s + "_merge", new PatchMerging(size.dim(s), side, side)));
            }
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = embed(ps, inputs.singletonOrThrow(), training);
        for (int s = 0; s < stages.size(); s++) {
            x = stage(ps, x, s, training);
        }
        NDArray tokens = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(tokens.mean(new int[] {1}));
    }

    private NDArray embed(ParameterStore ps, NDArray images, boolean training) {
        long h = images.getShape().get(2);
        if (h != imageSize || images.getShape().get(3) != imageSize) {
            throw new IllegalArgumentException("this Swin Transformer was laid out for " + imageSize + " px images, given "
                    + images.getShape());
        }
        NDArray p = patchEmbed.forward(ps, new NDList(images), training).singletonOrThrow();
        Shape s = p.getShape();
        NDArray tokens = p.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        return patchNorm.forward(ps, new NDList(tokens), training).singletonOrThrow();
    }

    private NDArray stage(ParameterStore ps, NDArray x, int s, boolean training) {
        for (SwinBlock b : stages.get(s)) {
            x = b.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return s < merges.size() ? merges.get(s).forward(ps, new NDList(x), training).singletonOrThrow() : x;
    }

    /**
     * The attention weights of block {@code block} of stage {@code stage} for {@code images},
     * (B, windows, heads, w², w²): in each window, each token's distribution over the window's tokens
     * (on the grid rolled by the block's shift, which {@link #shift} gives).
     */
    public NDArray windowAttention(ParameterStore ps, NDArray images, int stage, int block) {
        NDArray x = embed(ps, images, false);
        for (int s = 0; s < stage; s++) {
            x = stage(ps, x, s, false);
        }
        List<SwinBlock> blocks = stages.get(stage);
        for (int i = 0; i < block; i++) {
            x = blocks.get(i).forward(ps, new NDList(x), false).singletonOrThrow();
        }
        NDArray w = blocks.get(block).attentionWeights(ps, x, false);
        Shape s = w.getShape();
        long b = images.getShape().get(0);
        return w.reshape(b, s.get(0) / b, s.get(1), s.get(2), s.get(3));
    }

    /** The cyclic shift of block {@code block} of stage {@code stage}, in tokens (0: plain windows). */
    public int shift(int stage, int block) {
        return stages.get(stage).get(block).shift();
    }

    /** The window side of the blocks of stage {@code stage}, in tokens. */
    public int window(int stage) {
        return stages.get(stage).get(0).window();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), size.featureDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        layOut((int) in.get(2));
        long b = in.get(0);
        int grid = imageSize / size.patch();
        patchEmbed.initialize(manager, dataType, in);
        patchNorm.initialize(manager, dataType, new Shape(b, (long) grid * grid, size.dim()));
        for (int s = 0; s < stages.size(); s++) {
            long side = grid >> s;
            Shape tokens = new Shape(b, side * side, size.dim(s));
            for (SwinBlock block : stages.get(s)) {
                block.initialize(manager, dataType, tokens);
            }
            if (s < merges.size()) {
                merges.get(s).initialize(manager, dataType, tokens);
            }
        }
        norm.initialize(manager, dataType, new Shape(b, 1, size.featureDim()));
    }
}
