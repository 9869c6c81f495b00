package org.contrastlab.core.fewlabels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.Scalars;

/**
 * SimCLR v2's distillation (Chen et al. 2020, section 2.3): a fine-tuned teacher's class
 * distribution, softened by a temperature, taught to a student on the unlabelled training
 * images: the loss is −Σ P_teacher(y | x; τ) log P_student(y | x; τ), the same view of each image
 * given to both. The student is the same architecture (self-distillation) or a smaller one; its
 * top-1 on the held-out split is set beside the teacher's.
 */
public final class Distill {
    /** What the student reached, beside the teacher on the same held-out split. */
    public record Result(double teacherTop1, double studentTop1, int steps, double finalLoss) {
    }

    private Distill() {
    }

    /**
     * @param teacher     the fine-tuned network (not trained here)
     * @param student     the student's encoder, initialised on {@code manager}'s device; its head is new
     * @param images      the images to distil on (their labels are not used)
     * @param temperature the softening temperature τ of both distributions (SimCLR v2 uses 1)
     */
    public static Result run(Classifier teacher, Block student, Normalization normalization, int imageSize, ImageStore images,
                             ImageStore test, FineTune.Options o, double temperature, NDManager manager, FineTune.Listener listener) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the distillation temperature must be positive, got " + temperature);
        }
        try (NDManager run = manager.newSubManager()) {
            Classifier net = Classifier.withNewHead(student, teacher.classes(), imageSize, run);
            double loss = SupervisedLoop.run(net, images, normalization, imageSize, o, (logits, views, indices, parameters) -> {
                NDArray soft = Scalars.div(teacher.logits(parameters, views, false).stopGradient(), temperature).softmax(1);
                return FineTune.crossEntropy(Scalars.div(logits, temperature), soft);
            }, listener, run);
            return new Result(teacher.top1(test, normalization, imageSize, run), net.top1(test, normalization, imageSize, run),
                    SupervisedLoop.steps(images.size(), o), loss);
        }
    }
}
