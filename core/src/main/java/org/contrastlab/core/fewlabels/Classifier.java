package org.contrastlab.core.fewlabels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.NoGrad;

/** An encoder and the linear classifier on its features: what fine-tuning and distillation train. */
public record Classifier(Block backbone, Block head, int classes) {
    /** Images per batch when evaluating. */
    private static final int EVAL_BATCH = 256;

    /**
     * {@code backbone} (initialised, on {@code manager}'s device) with a new linear head for
     * {@code classes}, sized by one forward pass of an image of {@code imageSize}; every parameter
     * that trains gets a gradient (a backbone read from a checkpoint holds plain arrays).
     */
    public static Classifier withNewHead(Block backbone, int classes, int imageSize, NDManager manager) {
        long dim;
        try (NoGrad off = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            NDArray probe = scope.zeros(new Shape(1, 3, imageSize, imageSize));
            dim = backbone.forward(new ParameterStore(scope, false), new NDList(probe), false).singletonOrThrow().getShape().get(1);
        }
        Block head = Linear.builder().setUnits(classes).build();
        head.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            if (p.getValue().requiresGradient() && !p.getValue().getArray().hasGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return new Classifier(backbone, head, classes);
    }

    public List<Block> blocks() {
        return List.of(backbone, head);
    }

    /** The logits of normalised images. */
    public NDArray logits(ParameterStore parameters, NDArray input, boolean training) {
        NDArray features = backbone.forward(parameters, new NDList(input), training).singletonOrThrow();
        return head.forward(parameters, new NDList(features), training).singletonOrThrow();
    }

    /** Share of {@code store}'s images whose class comes first, each image whole at {@code imageSize}. */
    public double top1(ImageStore store, Normalization normalization, int imageSize, NDManager manager) {
        int[] labels = store.labels();
        int right = 0;
        try (NoGrad off = NoGrad.enter(); NDManager run = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(run, false);
            Normalization.OnDevice normalize = normalization.on(run);
            for (int start = 0; start < store.size(); start += EVAL_BATCH) {
                int end = Math.min(store.size(), start + EVAL_BATCH);
                int[] idx = new int[end - start];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = start + i;
                }
                try (NDManager scope = run.newSubManager()) {
                    NDArray input = normalize.apply(Views.resizeWhole(Views.toUnit(store.subset(idx).toNDArray(scope)), imageSize));
                    long[] predicted = logits(parameters, input, false).argMax(1).toLongArray();
                    for (int i = 0; i < predicted.length; i++) {
                        right += predicted[i] == labels[start + i] ? 1 : 0;
                    }
                }
            }
        }
        return (double) right / store.size();
    }
}
