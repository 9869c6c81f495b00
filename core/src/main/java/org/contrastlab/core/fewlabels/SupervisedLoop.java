package org.contrastlab.core.fewlabels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Seeds;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.train.Optimizer;
import org.contrastlab.core.train.OptimizerKind;
import org.contrastlab.core.train.StepBatch;
import org.contrastlab.core.train.WarmupCosineSchedule;

/**
 * The training loop fine-tuning and distillation share: epochs over a set of images in a seeded
 * order, each batch seen through a random-resized crop and a flip (SimCLR v2's fine-tuning views,
 * no colour), a loss of the classifier's logits, SGD with Nesterov momentum 0.9 on a cosine
 * schedule after a warm-up of 5 % of the steps; one memory scope per step.
 */
final class SupervisedLoop {
    private static final double WARMUP = 0.05;

    /** The loss of a step from the classifier's logits of its views and the batch's image indices (int64). */
    interface StepLoss {
        NDArray loss(NDArray logits, NDArray views, NDArray indices, ParameterStore parameters);
    }

    private SupervisedLoop() {
    }

    /** How many steps {@code o} takes over {@code n} images. */
    static int steps(int n, FineTune.Options o) {
        return o.epochs() * Math.max(1, n / Math.min(o.batchSize(), n));
    }

    /** Trains {@code net} on {@code images}; returns the last loss read. */
    static double run(Classifier net, ImageStore images, Normalization normalization, int imageSize, FineTune.Options o, StepLoss lossFn,
                      FineTune.Listener listener, NDManager manager) {
        int n = images.size();
        int batch = Math.min(o.batchSize(), n);
        int perEpoch = Math.max(1, n / batch);
        int steps = steps(n, o);
        ViewRecipe views = ViewRecipe.of("fine-tuning", "random-resized crop and flip (SimCLR v2's fine-tuning views)",
                ViewGroup.builder().count(1).size(imageSize).scale(o.scaleMin(), 1).build());
        Engine.getInstance().setRandomSeed((int) o.seed());
        double loss = Double.NaN;
        try (NoGrad off = NoGrad.enter(); NDManager run = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(run, false);
            Normalization.OnDevice normalize = normalization.on(run);
            NDArray pixels = images.toNDArray(run);
            Optimizer optimizer = Optimizer.create(OptimizerKind.NESTEROV, net.blocks(), Set.of(), run, 0.9);
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(o.learningRate(), 0, (int) Math.round(WARMUP * steps), steps);
            int[] order = null;
            for (int step = 0; step < steps; step++) {
                if (step % perEpoch == 0) {
                    order = Seeds.permutation(n, Seeds.random(o.seed(), -1L - step / perEpoch));
                }
                int at = (step % perEpoch) * batch;
                int[] idx = Arrays.copyOfRange(order, at, at + batch);
                Random rng = Seeds.random(o.seed(), step);
                try (NDManager scope = run.newSubManager()) {
                    StepBatch input = StepBatch.make(scope, pixels, idx, rng, views, normalize);
                    NDArray view = input.views().get(0);
                    NDArray lossArray;
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        lossArray = lossFn.loss(net.logits(parameters, view, true), view, input.indices(), parameters);
                        c.backward(lossArray);
                    }
                    optimizer.step(schedule.at(step), o.learningRate(), o.weightDecay(), Set.of(), scope);
                    if (listener != null && ((step + 1) % Math.max(1, steps / 20) == 0 || step + 1 == steps)) {
                        loss = lossArray.getFloat();
                        listener.onStep(step + 1, steps, loss);
                    }
                }
            }
        }
        return loss;
    }
}
