package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * CPC's InfoNCE over a grid (van den Oord et al. 2018, eq. 4; Hénaff et al. 2020; as
 * lightning-bolts' {@code CPCTask.compute_loss_h}): the prediction made from the context at
 * row i, column j for the patch k rows below scores every patch target of the batch (every
 * image, every position) by a dot product; the cross-entropy takes the patch at (i + k, j) of
 * the same image as the class. The other patches of the batch are the negatives.
 */
public final class GridPredictionLoss {
    private GridPredictionLoss() {
    }

    /** A loss and the share of predictions whose best-scoring target is the right one. */
    public record Result(NDArray loss, NDArray accuracy) {
    }

    /**
     * @param predictions (B, D, H − k, W): from the context of rows 0 … H − k − 1, for rows k … H − 1
     * @param targets     (B, D, H, W): every patch's target
     * @param k           how many rows below
     */
    public static Result compute(NDArray predictions, NDArray targets, int k) {
        long b = targets.getShape().get(0);
        long d = targets.getShape().get(1);
        long h = targets.getShape().get(2);
        long w = targets.getShape().get(3);
        NDArray p = predictions.transpose(0, 2, 3, 1).reshape(-1, d);
        NDArray t = targets.transpose(0, 2, 3, 1).reshape(-1, d);
        NDArray logits = p.matMul(t.transpose());
        // prediction (image, i, j) is for the target at (image, i + k, j): the flat indices of rows k … h − 1
        NDArray labels = logits.getManager().arange(0, (int) (b * h * w), 1, DataType.INT64).reshape(b, h, w)
                .get(":, " + k + ":, :").reshape(-1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(labels.reshape(-1, 1), 1);
        NDArray accuracy = logits.argMax(1).eq(labels).toType(DataType.FLOAT32, false).mean();
        return new Result(picked.mean().neg(), accuracy);
    }
}
