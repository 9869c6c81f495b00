package org.contrastlab.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PIRL's and InfoMin's jigsaw head (HobbitLong/PyContrast {@code networks/util.py JigsawHead},
 * its {@code mlp} form): each of an image's {@code k} patch features through an MLP (Linear →
 * ReLU → Linear to the projection width), the patches put in a random order per image, their
 * outputs concatenated and mapped by one Linear layer to a single vector for the image. Input
 * (B·k, D), image by image; output (B, projection), not normalised.
 */
public final class JigsawHead extends AbstractBlock {
    private final int patches;
    private final int projection;
    private final Block perPatch;
    private final Block combine;

    public JigsawHead(int patches, int hidden, int projection) {
        this.patches = patches;
        this.projection = projection;
        this.perPatch = addChildBlock("fc1", new SequentialBlock().add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(projection).build()));
        this.combine = addChildBlock("fc2", Linear.builder().setUnits(projection).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long images = x.getShape().get(0) / patches;
        // a random order of the k patches of each image: the argsort of uniform draws is a uniform permutation
        NDArray order = x.getManager().randomUniform(0, 1, new Shape(images, patches)).argSort(1);
        return new NDList(forward(ps, x, order, training));
    }

    /**
     * The head with a given order: row i of {@code order} (B, k) lists which of image i's patches
     * goes first, second, … (a permutation of 0…k−1). {@link #forward} draws one per image.
     */
    NDArray forward(ParameterStore ps, NDArray x, NDArray order, boolean training) {
        NDArray perPatchOut = perPatch.forward(ps, new NDList(x), training).singletonOrThrow();
        long images = x.getShape().get(0) / patches;
        NDArray firsts = x.getManager().arange(0, images * patches, patches, DataType.INT64).reshape(images, 1);
        NDArray shuffled = perPatchOut.get(order.toType(DataType.INT64, false).add(firsts).flatten());
        return combine.forward(ps, new NDList(shuffled.reshape(images, (long) patches * projection)), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0) / patches, projection)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        perPatch.initialize(manager, dataType, inputShapes[0]);
        combine.initialize(manager, dataType, new Shape(inputShapes[0].get(0) / patches, (long) patches * projection));
    }
}
