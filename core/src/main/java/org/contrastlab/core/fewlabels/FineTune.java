package org.contrastlab.core.fewlabels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.Scalars;

/**
 * Fine-tuning on few labels (SimCLR v2, Chen et al. 2020, "Big Self-Supervised Models are Strong
 * Semi-Supervised Learners"): the whole encoder and a new linear classifier trained with
 * cross-entropy on the labelled images only ({@link SupervisedLoop}: crop and flip, SGD with
 * Nesterov momentum, cosine schedule). From a random initialisation the same recipe is the
 * supervised-only baseline a pre-trained encoder has to beat. Top-1 is then measured on the
 * held-out split, each image whole.
 */
public final class FineTune {
    /**
     * @param epochs       passes over the training images
     * @param batchSize    images per step (at most the training images)
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
     * classifier on {@code labelled}, measures it on {@code test}, and hands the fine-tuned
     * network to {@code keep} (may be null) before its memory is freed.
     */
    public static Result run(Block backbone, Normalization normalization, int imageSize, ImageStore labelled, ImageStore test,
                             Options o, NDManager manager, Listener listener, Keeper keep) {
        try (NDManager run = manager.newSubManager()) {
            Classifier net = Classifier.withNewHead(backbone, labelled.classNames().size(), imageSize, run);
            NDArray oneHots = oneHots(labelled.labels(), net.classes(), run);
            double loss = SupervisedLoop.run(net, labelled, normalization, imageSize, o,
                    (logits, views, indices, parameters) -> crossEntropy(logits, oneHots.get(indices)), listener, run);
            Result r = new Result(net.top1(labelled, normalization, imageSize, run), net.top1(test, normalization, imageSize, run),
                    SupervisedLoop.steps(labelled.size(), o), loss);
            if (keep != null) {
                keep.keep(net, r);
            }
            return r;
        }
    }

    /** Takes the fine-tuned network while it is alive (to write it). */
    public interface Keeper {
        void keep(Classifier net, Result result);
    }

    /** Mean cross-entropy of logits against one-hot (or soft) targets. */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return Scalars.div(logits.logSoftmax(1).mul(targets).sum(), -(double) logits.getShape().get(0));
    }

    /** Every image's label as a one-hot row on {@code manager}'s device, sent in one copy. */
    static NDArray oneHots(int[] labels, int classes, NDManager manager) {
        HostPack pack = new HostPack();
        int handle = pack.addIndices(labels);
        return pack.upload(manager).get(handle).oneHot(classes);
    }
}
