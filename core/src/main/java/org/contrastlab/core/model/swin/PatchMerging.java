package org.contrastlab.core.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Swin's patch merging between stages (microsoft/Swin-Transformer {@code PatchMerging}): each
 * 2 × 2 group of neighbouring tokens concatenated (4C), layer-normalised and mapped to 2C by a
 * bias-free linear layer; the grid halves, the width doubles. (B, h·w, C) → (B, h/2·w/2, 2C).
 */
final class PatchMerging extends AbstractBlock {
    private final LayerNorm norm;
    private final Linear reduction;
    private final int height;
    private final int width;

    PatchMerging(int dim, int height, int width) {
        if (height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("patch merging needs an even grid, got " + height + " × " + width);
        }
        this.height = height;
        this.width = width;
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        this.reduction = addChildBlock("reduction", Linear.builder().setUnits(2L * dim).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long b = x.getShape().get(0);
        long c = x.getShape().get(2);
        NDArray grid = x.reshape(b, height, width, c);
        // the reference's order: (even row, even col), (odd, even), (even, odd), (odd, odd)
        NDArray merged = NDArrays.concat(new NDList(grid.get(":, 0::2, 0::2, :"), grid.get(":, 1::2, 0::2, :"),
                grid.get(":, 0::2, 1::2, :"), grid.get(":, 1::2, 1::2, :")), 3).reshape(b, (long) height * width / 4, 4 * c);
        NDArray normed = norm.forward(ps, new NDList(merged), training).singletonOrThrow();
        return reduction.forward(ps, new NDList(normed), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1) / 4, in.get(2) * 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape merged = new Shape(in.get(0), in.get(1) / 4, in.get(2) * 4);
        norm.initialize(manager, dataType, merged);
        reduction.initialize(manager, dataType, merged);
    }
}
