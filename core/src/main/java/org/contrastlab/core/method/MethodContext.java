package org.contrastlab.core.method;

/**
 * What a method is built with: the backbone's feature width, how many views of each image a
 * step brings (the first {@code globalViews} of them global), the training split's size (for
 * memory banks), the run's length in steps (for schedules), the batch size, and its settings.
 */
public record MethodContext(int featureDim, int views, int globalViews, int datasetSize, int totalSteps,
                            int batchSize, MethodOptions options, MethodParams params) {
}
