package org.contrastlab.core.fewlabels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Seeds;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.train.Optimizer;
import org.contrastlab.core.train.OptimizerKind;
import org.contrastlab.core.train.StepBatch;
import org.contrastlab.core.train.WarmupCosineSchedule;

/**
 * Fine-tuning on few labels (SimCLR v2, Chen et al. 2020, "Big Self-Supervised Models are Strong
 * Semi-Supervised Learners"): the whole encoder and a new linear classifier trained with
 * cross-entropy on the labelled images only, seen through a random-resized crop and a flip
 * (SimCLR v2's fine-tuning views, without colour), SGD with Nesterov momentum 0.9 on a cosine
 * schedule after a short warm-up. From a random initialisation the same recipe is the
 * supervised-only baseline a pre-trained encoder has to beat. Top-1 is then measured on the
 * held-out split, each image whole.
 */
public final class FineTune {
    /** The share of the steps spent warming up. */
    private static final double WARMUP = 0.05;
    /** Images per batch when evaluating. */
    private static final int EVAL_BATCH = 256;

    /**
     * @param epochs       passes over the labelled images
     * @param batchSize    images per step (at most the labelled images)
     * @param learningRate the peak learning rate
     * @param weightDecay  L2 weight decay on the weights (not biases or normalisation)
     * @param scaleMin     the crop's smallest area
     * @param seed         the seed of the order, the views and the classifier's start
     */
    public record Options(int epochs, int batchSize, double learningRate, double weightDecay, double scaleMin, long seed) {
        public Options {
            if (epochs < 1 || batchSize < 2 || !(learningRate > 0) || !(weightDecay >= 0) || !(scaleMin > 0 && scaleMin <= 1)) {
                throw new IllegalArgumentException("fine-tuning needs epochs ≥ 1, a batch of at least 2, a positive learning rate, "
                        + "weight decay ≥ 0 and a crop scale in (0, 1]");
            }
        }
    }

    /** What the fine-tuned network reached: top-1 on the labelled images and on the held-out split. */
    public record Result(double trainTop1, double testTop1, int steps, double finalLoss) {
    }

    /** Told the loss every so often. */
    public interface Listener {
        void onStep(int step, int steps, double loss);
    }

    private FineTune() {
    }

    /**
     * Fine-tunes {@code backbone} (already initialised, on {@code manager}'s device) with a new
     * classifier on {@code labelled} and measures it on {@code test}.
     */
    public static Result run(Block backbone, Normalization normalization, int imageSize, ImageStore labelled, ImageStore test,
                             Options o, NDManager manager, Listener listener) {
        int classes = labelled.classNames().size();
        int n = labelled.size();
        int batch = Math.min(o.batchSize(), n);
        int perEpoch = Math.max(1, n / batch);
        int steps = o.epochs() * perEpoch;
        ViewRecipe views = ViewRecipe.of("fine-tuning", "random-resized crop and flip (SimCLR v2's fine-tuning views)",
                ViewGroup.builder().count(1).size(imageSize).scale(o.scaleMin(), 1).build());
        Engine.getInstance().setRandomSeed((int) o.seed());
        try (NoGrad off = NoGrad.enter(); NDManager run = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(run, false);
            Normalization.OnDevice normalize = normalization.on(run);
            NDArray pixels = labelled.toNDArray(run);
            Block head = Linear.builder().setUnits(classes).build();
            head.initialize(run, DataType.FLOAT32, new Shape(1, featureDim(backbone, parameters, pixels, normalize, imageSize, run)));
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                // a backbone read from a checkpoint holds plain arrays: fine-tuning trains them
                if (p.getValue().requiresGradient() && !p.getValue().getArray().hasGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            Optimizer optimizer = Optimizer.create(OptimizerKind.NESTEROV, List.of(backbone, head), Set.of(), run, 0.9);
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(o.learningRate(), 0, (int) Math.round(WARMUP * steps), steps);
            NDArray oneHots = upload(labelled.labels(), run).oneHot(classes);
            int[] order = null;
            double loss = Double.NaN;
            for (int step = 0; step < steps; step++) {
                if (step % perEpoch == 0) {
                    order = Seeds.permutation(n, Seeds.random(o.seed(), -1L - step / perEpoch));
                }
                int at = (step % perEpoch) * batch;
                int[] idx = Arrays.copyOfRange(order, at, at + batch);
                Random rng = Seeds.random(o.seed(), step);
                try (NDManager scope = run.newSubManager()) {
                    StepBatch input = StepBatch.make(scope, pixels, idx, rng, views, normalize);
                    NDArray target = oneHots.get(input.indices());
                    NDArray lossArray;
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray features = backbone.forward(parameters, new NDList(input.views().get(0)), true).singletonOrThrow();
                        NDArray logits = head.forward(parameters, new NDList(features), true).singletonOrThrow();
                        lossArray = Scalars.div(logits.logSoftmax(1).mul(target).sum(), -(double) batch);
                        c.backward(lossArray);
                    }
                    optimizer.step(schedule.at(step), o.learningRate(), o.weightDecay(), Set.of(), scope);
                    if (listener != null && ((step + 1) % Math.max(1, steps / 20) == 0 || step + 1 == steps)) {
                        loss = lossArray.getFloat();
                        listener.onStep(step + 1, steps, loss);
                    }
                }
            }
            double trainTop1 = top1(backbone, head, parameters, labelled, normalize, imageSize, run);
            double testTop1 = top1(backbone, head, parameters, test, normalize, imageSize, run);
            return new Result(trainTop1, testTop1, steps, loss);
        }
    }

    private static long featureDim(Block backbone, ParameterStore parameters, NDArray pixels, Normalization.OnDevice normalize,
                                   int imageSize, NDManager run) {
        try (NDManager scope = run.newSubManager()) {
            NDArray one = pixels.get("0:1");
            one.attach(scope);
            NDArray input = normalize.apply(Views.resizeWhole(Views.toUnit(one), imageSize));
            return backbone.forward(parameters, new NDList(input), false).singletonOrThrow().getShape().get(1);
        }
    }

    /** Share of {@code store}'s images whose class the network ranks first, each image whole. */
    static double top1(Block backbone, Block head, ParameterStore parameters, ImageStore store, Normalization.OnDevice normalize,
                       int imageSize, NDManager run) {
        int[] labels = store.labels();
        int right = 0;
        for (int start = 0; start < store.size(); start += EVAL_BATCH) {
            int end = Math.min(store.size(), start + EVAL_BATCH);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            try (NDManager scope = run.newSubManager()) {
                NDArray input = normalize.apply(Views.resizeWhole(Views.toUnit(store.subset(idx).toNDArray(scope)), imageSize));
                NDArray features = backbone.forward(parameters, new NDList(input), false).singletonOrThrow();
                long[] predicted = head.forward(parameters, new NDList(features), false).singletonOrThrow().argMax(1).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    right += predicted[i] == labels[start + i] ? 1 : 0;
                }
            }
        }
        return (double) right / store.size();
    }

    private static NDArray upload(int[] labels, NDManager manager) {
        HostPack pack = new HostPack();
        int handle = pack.addIndices(labels);
        return pack.upload(manager).get(handle);
    }
}
