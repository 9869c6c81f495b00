package org.contrastlab.core.method;

import ai.djl.nn.Block;
import java.util.Arrays;
import org.contrastlab.core.model.ProjectionHead;

/**
 * What a method is built with: the backbone's feature width, how many views of each image a
 * step brings (the first {@code globalViews} of them global), the training split's size (for
 * memory banks), the run's length in steps (for schedules), the batch size, and its settings.
 */
public record MethodContext(int featureDim, int views, int globalViews, int datasetSize, int totalSteps,
                            int batchSize, MethodOptions options, MethodParams params) {

    /** The standard MLP head of {@code layers} linear layers: hidden widths, then the projection width. */
    public Block head(int layers) {
        return ProjectionHead.build(widths(layers));
    }

    /**
     * A head of bias-free layers with batch norm and ReLU between them ({@code lastBn}: a last
     * affine-free batch norm, as SimSiam's and MoCo v3's), hidden widths, then the projection width.
     */
    public Block headNoBias(boolean lastBn, int layers) {
        return ProjectionHead.noBias(lastBn, widths(layers));
    }

    private int[] widths(int layers) {
        int[] widths = new int[layers];
        Arrays.fill(widths, options.headHidden());
        widths[layers - 1] = options.projectionDim();
        return widths;
    }
}
