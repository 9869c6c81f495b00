package org.contrastlab.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import org.contrastlab.core.augment.PatchLayout;

/**
 * CPC's encoder (van den Oord et al. 2018; Hénaff et al. 2020, CPC v2): the image cut into a
 * {@code grid × grid} lattice of overlapping square patches, each half overlapping the next
 * (on 32 px, 8 px patches every 4 px, a 7 × 7 grid, as lightning-bolts' CIFAR-10 CPC), every
 * patch encoded on its own by the backbone. {@link #patchFeatures} gives the grid of
 * features the method predicts over; the block's own output, what is evaluated and exported,
 * is their mean over the grid.
 */
public final class PatchGrid extends AbstractBlock {
    private final Block encoder;
    private final int grid;

    public PatchGrid(Block encoder, int grid) {
        if (grid < 2) {
            throw new IllegalArgumentException("a patch grid needs at least 2 × 2 patches, got " + grid);
        }
        this.encoder = addChildBlock("patch_encoder", encoder);
        this.grid = grid;
    }

    public int grid() {
        return grid;
    }

    /** Where the patches of an image of this shape (B, C, H, W) lie: on its shorter side. */
    public PatchLayout layout(Shape image) {
        return new PatchLayout(Math.min(image.get(2), image.get(3)), grid);
    }

    /** (B, d, grid, grid): each patch's features, rows top to bottom. */
    public NDArray patchFeatures(ParameterStore ps, NDArray images, boolean training) {
        return patchFeatures(ps, images, training, UnaryOperator.identity());
    }

    /**
     * As {@link #patchFeatures(ParameterStore, NDArray, boolean)}, each patch changed by {@code
     * onPatches} before it is encoded (CPC v2's patch-based augmentation): it takes and returns
     * (B·grid², C, p, p).
     */
    public NDArray patchFeatures(ParameterStore ps, NDArray images, boolean training, UnaryOperator<NDArray> onPatches) {
        long b = images.getShape().get(0);
        NDArray patches = onPatches.apply(patches(images));
        NDArray f = encoder.forward(ps, new NDList(patches), training).singletonOrThrow();
        return f.reshape(b, grid, grid, -1).transpose(0, 3, 1, 2);
    }

    /** (B·grid², C, p, p): the patches of every image, image by image, row by row. */
    public NDArray patches(NDArray images) {
        Shape s = images.getShape();
        PatchLayout layout = layout(s);
        int p = layout.patch();
        NDList all = new NDList(grid * grid);
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                int y = layout.start(r);
                int x = layout.start(c);
                all.add(images.get(":, :, " + y + ":" + (y + p) + ", " + x + ":" + (x + p)));
            }
        }
        return NDArrays.stack(all, 1).reshape(-1, s.get(1), p, p);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(patchFeatures(ps, inputs.singletonOrThrow(), training).mean(new int[] {3}).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] patch = encoder.getOutputShapes(new Shape[] {patchShape(inputShapes[0])});
        return new Shape[] {new Shape(inputShapes[0].get(0), patch[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, patchShape(inputShapes[0]));
    }

    private Shape patchShape(Shape image) {
        int p = layout(image).patch();
        return new Shape(image.get(0), image.get(1), p, p);
    }
}
