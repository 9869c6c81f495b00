package org.contrastlab.core.fewlabels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.Set;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Seeds;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.ssl.EmaTeacher;
import org.contrastlab.core.train.Optimizer;
import org.contrastlab.core.train.OptimizerKind;
import org.contrastlab.core.train.StepBatch;
import org.contrastlab.core.train.WarmupCosineSchedule;

/**
 * Mean Teacher (Tarvainen & Valpola 2017, "Mean teachers are better role models";
 * CuriousAI/mean-teacher {@code pytorch/main.py}): a student classifier and its teacher, the
 * exponential moving average of the student's weights (α = min(1 − 1/(step + 1), α_max)). Each
 * step takes labelled images from the subset and unlabelled ones from the whole training split;
 * each network sees its own view of every image; the student learns from cross-entropy on the
 * labelled part (summed, over the whole batch, as the reference) plus w(t)·MSE between the two
 * networks' class distributions over all of them (the reference's {@code softmax_mse_loss}:
 * squared differences summed over classes, over the number of classes), with w ramping up as
 * exp(−5(1 − t)²) over the first epochs. The teacher is what is evaluated.
 */
public final class MeanTeacher {
    private static final double WARMUP = 0.05;

    /**
     * @param base            epochs (over the whole training split), unlabelled images per step, learning rate,
     *                        weight decay, crop, seed
     * @param labelledBatch   labelled images per step
     * @param consistency     the consistency weight w after the ramp-up (the reference's CIFAR-10 runs: 100)
     * @param rampupEpochs    epochs of the sigmoid ramp-up (the reference: 5 of 180)
     * @param ema             α_max, the teacher's top momentum (the reference: 0.999 over 180 epochs; 0.99 suits short runs)
     */
    public record Options(FineTune.Options base, int labelledBatch, double consistency, double rampupEpochs, double ema) {
        public Options {
            if (labelledBatch < 1 || !(consistency >= 0) || !(rampupEpochs >= 0) || !(ema >= 0 && ema < 1)) {
                throw new IllegalArgumentException("Mean Teacher needs a labelled batch ≥ 1, a consistency weight ≥ 0, a ramp-up ≥ 0 "
                        + "epochs and an EMA momentum in [0, 1)");
            }
        }
    }

    /** Top-1 of the teacher and the student on the held-out split. */
    public record Result(double teacherTop1, double studentTop1, int steps, double finalLoss) {
    }

    private MeanTeacher() {
    }

    /**
     * @param student        the student's encoder, initialised; {@code teacherBackbone} the same architecture, initialised
     * @param train          the whole training split (the unlabelled pool)
     * @param labelled       indices of the labelled images in {@code train}
     */
    public static Result run(Block student, Block teacherBackbone, Normalization normalization, int imageSize, ImageStore train,
                             int[] labelled, ImageStore test, Options o, NDManager manager, FineTune.Listener listener) {
        FineTune.Options b = o.base();
        int n = train.size();
        int unlabelled = Math.min(b.batchSize(), n);
        int perEpoch = Math.max(1, n / unlabelled);
        int steps = b.epochs() * perEpoch;
        int classes = train.classNames().size();
        ViewRecipe views = ViewRecipe.of("mean-teacher", "two views: crop and flip, one for each network",
                ViewGroup.builder().count(2).size(imageSize).scale(b.scaleMin(), 1).build());
        Engine.getInstance().setRandomSeed((int) b.seed());
        try (NoGrad off = NoGrad.enter(); NDManager run = manager.newSubManager()) {
            Classifier net = Classifier.withNewHead(student, classes, imageSize, run);
            Classifier teacher = Classifier.withNewHead(teacherBackbone, classes, imageSize, run);
            EmaTeacher ema = new EmaTeacher(net.backbone(), teacher.backbone());
            EmaTeacher emaHead = new EmaTeacher(net.head(), teacher.head());
            ParameterStore parameters = new ParameterStore(run, false);
            Normalization.OnDevice normalize = normalization.on(run);
            NDArray pixels = train.toNDArray(run);
            NDArray oneHots = FineTune.oneHots(train.labels(), classes, run);
            Optimizer optimizer = Optimizer.create(OptimizerKind.NESTEROV, net.blocks(), Set.of(), run, 0.9);
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(b.learningRate(), 0, (int) Math.round(WARMUP * steps), steps);
            int[] order = null;
            int[] labelledOrder = Seeds.permutation(labelled.length, Seeds.random(b.seed(), -1_000_000L));
            int labelledAt = 0;
            double loss = Double.NaN;
            for (int step = 0; step < steps; step++) {
                if (step % perEpoch == 0) {
                    order = Seeds.permutation(n, Seeds.random(b.seed(), -1L - step / perEpoch));
                }
                int[] idx = new int[o.labelledBatch() + unlabelled];
                for (int i = 0; i < o.labelledBatch(); i++) {
                    if (labelledAt == labelledOrder.length) {
                        labelledOrder = Seeds.permutation(labelled.length, Seeds.random(b.seed(), -1_000_001L - step));
                        labelledAt = 0;
                    }
                    idx[i] = labelled[labelledOrder[labelledAt++]];
                }
                System.arraycopy(order, (step % perEpoch) * unlabelled, idx, o.labelledBatch(), unlabelled);
                double w = o.consistency() * rampUp((double) step / perEpoch, o.rampupEpochs());
                Random rng = Seeds.random(b.seed(), step);
                try (NDManager scope = run.newSubManager()) {
                    StepBatch input = StepBatch.make(scope, pixels, idx, rng, views, normalize);
                    NDArray targets = oneHots.get(input.indices().get(":" + o.labelledBatch()));
                    NDArray lossArray;
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray s = net.logits(parameters, input.views().get(0), true);
                        NDArray t = teacher.logits(parameters, input.views().get(1), true).stopGradient();
                        // the reference sums the labelled part's cross-entropy and divides by the whole batch
                        NDArray supervised = Scalars.mul(FineTune.crossEntropy(s.get(":" + o.labelledBatch()), targets),
                                (double) o.labelledBatch() / idx.length);
                        NDArray gap = s.softmax(1).sub(t.softmax(1)).square().mean();
                        lossArray = supervised.add(Scalars.mul(gap, w));
                        c.backward(lossArray);
                    }
                    optimizer.step(schedule.at(step), b.learningRate(), b.weightDecay(), Set.of(), scope);
                    double alpha = Math.min(1 - 1.0 / (step + 1), o.ema());
                    ema.update(alpha, scope);
                    emaHead.update(alpha, scope);
                    if (listener != null && ((step + 1) % Math.max(1, steps / 20) == 0 || step + 1 == steps)) {
                        loss = lossArray.getFloat();
                        listener.onStep(step + 1, steps, loss);
                    }
                }
            }
            return new Result(teacher.top1(test, normalization, imageSize, run), net.top1(test, normalization, imageSize, run), steps,
                    loss);
        }
    }

    /** The reference's sigmoid ramp-up: exp(−5(1 − t)²) with t the share of the ramp-up done, 1 after it. */
    static double rampUp(double epoch, double rampupEpochs) {
        if (rampupEpochs == 0) {
            return 1;
        }
        double t = Math.min(1, Math.max(0, epoch / rampupEpochs));
        return Math.exp(-5 * (1 - t) * (1 - t));
    }
}
