package org.contrastlab.core.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.contrastlab.core.env.HostPack;

/**
 * A Swin Transformer block (Liu et al. 2021, eq. 3; microsoft/Swin-Transformer
 * {@code SwinTransformerBlock}) on an {@code h × w} grid of tokens (B, h·w, C): pre-norm window
 * attention, the grid first rolled up and left by half a window in every second block (so
 * windows straddle the previous block's), with the mask that keeps wrapped-around tokens apart;
 * then a pre-norm MLP four times wider with GELU; both residual. A grid no larger than the
 * window is one window, unshifted.
 */
final class SwinBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final WindowAttention attn;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    private final int height;
    private final int width;
    private final int window;
    private final int shift;
    private NDArray mask;

    SwinBlock(int dim, int heads, int height, int width, int window, boolean shifted) {
        this.height = height;
        this.width = width;
        this.window = Math.min(window, Math.min(height, width));
        this.shift = shifted && Math.min(height, width) > window ? window / 2 : 0;
        if (height % this.window != 0 || width % this.window != 0) {
            throw new IllegalArgumentException("a grid of " + height + " × " + width + " tokens does not split into windows of "
                    + this.window + " × " + this.window);
        }
        this.norm1 = addChildBlock("norm1", norm());
        this.attn = addChildBlock("attn", new WindowAttention(dim, heads, this.window));
        this.norm2 = addChildBlock("norm2", norm());
        this.fc1 = addChildBlock("fc1", Linear.builder().setUnits(4L * dim).build());
        this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    }

    static LayerNorm norm() {
        return LayerNorm.builder().axis(2).build();
    }

    int shift() {
        return shift;
    }

    int window() {
        return window;
    }

    WindowAttention attention() {
        return attn;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray windows = windows(norm1.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray mixed = attn.forward(ps, windows, shift > 0 ? mask() : null, training);
        x = x.add(unwindow(mixed, x.getShape().get(0)));
        NDArray h = Activation.gelu(fc1.forward(ps, norm2.forward(ps, new NDList(x), training), training).singletonOrThrow());
        return new NDList(x.add(fc2.forward(ps, new NDList(h), training).singletonOrThrow()));
    }

    /** Each window's attention weights of the normalised, rolled input, (B·windows, heads, w², w²). */
    NDArray attentionWeights(ParameterStore ps, NDArray x, boolean training) {
        NDArray windows = windows(norm1.forward(ps, new NDList(x), training).singletonOrThrow());
        return attn.weights(ps, windows, shift > 0 ? mask() : null, training);
    }

    /** (B, h·w, C) → (B·windows, w², C), rolled by −shift first. */
    NDArray windows(NDArray tokens) {
        Shape s = tokens.getShape();
        long b = s.get(0);
        long c = s.get(2);
        NDArray grid = roll(tokens.reshape(b, height, width, c), -shift);
        return grid.reshape(b, height / window, window, width / window, window, c).transpose(0, 1, 3, 2, 4, 5)
                .reshape(-1, (long) window * window, c);
    }

    private NDArray unwindow(NDArray windows, long b) {
        long c = windows.getShape().get(2);
        NDArray grid = windows.reshape(b, height / window, width / window, window, window, c).transpose(0, 1, 3, 2, 4, 5)
                .reshape(b, height, width, c);
        return roll(grid, shift).reshape(b, (long) height * width, c);
    }

    /** The grid rolled by {@code by} along rows and columns (torch.roll over dims 1 and 2). */
    private NDArray roll(NDArray grid, int by) {
        if (by == 0) {
            return grid;
        }
        int rows = Math.floorMod(-by, height);
        int cols = Math.floorMod(-by, width);
        NDArray r = NDArrays.concat(new NDList(grid.get(":, " + rows + ":, :, :"), grid.get(":, :" + rows + ", :, :")), 1);
        return NDArrays.concat(new NDList(r.get(":, :, " + cols + ":, :"), r.get(":, :, :" + cols + ", :")), 2);
    }

    private synchronized NDArray mask() {
        if (mask == null) {
            HostPack pack = new HostPack();
            int n = window * window;
            int windowsCount = (height / window) * (width / window);
            int handle = pack.add(WindowGeometry.shiftMask(height, width, window, shift), new Shape(windowsCount, n, n));
            NDManager owner = norm1.getParameters().get(0).getValue().getArray().getManager();
            mask = pack.upload(owner).get(handle).duplicate();
        }
        return mask;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        norm1.initialize(manager, dataType, in);
        attn.initialize(manager, dataType, new Shape(in.get(0), (long) window * window, in.get(2)));
        norm2.initialize(manager, dataType, in);
        fc1.initialize(manager, dataType, in);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {in})[0]);
    }
}
