package org.contrastlab.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * CPC's context network over a grid of patch features (the role of the masked PixelCNN in
 * CPC v2 and lightning-bolts' {@code CPCTask}): residual layers of a 2 × 3 convolution whose
 * input is shifted down by one row, so the context at row i sees rows i and above only, never
 * a row it will be asked to predict; then ReLU and a 1 × 1 convolution back to the width.
 * With L layers, row i sees rows i − L … i.
 */
public final class CausalContext extends AbstractBlock {
    private final List<Block> spread = new ArrayList<>();
    private final List<Block> back = new ArrayList<>();
    private final int width;

    public CausalContext(int width, int layers) {
        this.width = width;
        for (int i = 0; i < layers; i++) {
            spread.add(addChildBlock("spread" + i, Conv2d.builder().setKernelShape(new Shape(2, 3)).setFilters(width)
                    .optPadding(new Shape(0, 1)).build()));
            back.add(addChildBlock("back" + i, Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(width).build()));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < spread.size(); i++) {
            // one row of zeros on top: the 2-row kernel at row i covers rows i − 1 and i
            NDArray shifted = NDArrays.concat(new NDList(x.get(":, :, 0:1, :").zerosLike(), x), 2);
            NDArray h = spread.get(i).forward(ps, new NDList(shifted), training).singletonOrThrow();
            h = back.get(i).forward(ps, new NDList(Activation.relu(h)), training).singletonOrThrow();
            x = x.add(h);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape padded = new Shape(in.get(0), width, in.get(2) + 1, in.get(3));
        for (int i = 0; i < spread.size(); i++) {
            spread.get(i).initialize(manager, dataType, padded);
            back.get(i).initialize(manager, dataType, in);
        }
    }
}
