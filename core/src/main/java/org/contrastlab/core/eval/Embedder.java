package org.contrastlab.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.loss.NtXentLoss;

/**
 * Encodes images with a backbone in inference mode (batch norm with running statistics):
 * whole images resized to the training view size, normalised, batched, each batch in its
 * own memory scope. Returns L2-normalised features.
 */
public final class Embedder {
    private final Block backbone;
    private final ParameterStore parameters;
    private final Normalization normalization;
    private final int imageSize;
    private final int batchSize;

    /** {@code batchSize} images at a time at most, fewer for large images ({@link #batchFor}). */
    public Embedder(Block backbone, ParameterStore parameters, Normalization normalization, int imageSize, int batchSize) {
        this.backbone = backbone;
        this.parameters = parameters;
        this.normalization = normalization;
        this.imageSize = imageSize;
        this.batchSize = Math.min(batchSize, batchFor(imageSize));
    }

    /**
     * The images embedded at once at {@code imageSize}: 256 at 32 px, as many pixels per batch
     * above it, at least 8. Measured: at 224 px a batch of 256 through a ResNet-50 or a ViT-S
     * took all 24 GB of a CPU machine and the kernel killed the run at its final kNN
     * (docs/benchmarks.md, "Where one device ends"); features do not depend on the batch (batch
     * norm runs on its statistics), so the result is the same.
     */
    public static int batchFor(int imageSize) {
        long pixels = 256L * 32 * 32;
        return (int) Math.max(8, Math.min(256, pixels / ((long) imageSize * imageSize)));
    }

    /** Features of every image in {@code store}, shape (N, d), owned by {@code manager}; each batch is copied to the device on its own. */
    public NDArray embed(ImageStore store, NDManager manager) {
        return embedBatches(store.size(), (start, end, scope) -> {
            int[] idx = new int[(int) (end - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (int) start + i;
            }
            return store.subset(idx).toNDArray(scope);
        }, manager);
    }

    /**
     * Features of images already on the device: {@code pixels} is uint8 (N, 3, H, W), e.g. a
     * training run's resident dataset, cut into batches there (nothing is copied from the host).
     */
    public NDArray embed(NDArray pixels, NDManager manager) {
        return embedBatches(pixels.getShape().get(0), (start, end, scope) -> {
            NDArray batch = pixels.get(start + ":" + end);
            batch.attach(scope);
            return batch;
        }, manager);
    }

    /** Where a batch's uint8 pixels come from, owned by the batch's scope. */
    private interface Batches {
        NDArray pixels(long start, long end, NDManager scope);
    }

    private NDArray embedBatches(long n, Batches batches, NDManager manager) {
        try (NoGrad off = NoGrad.enter(); NDManager constants = manager.newSubManager()) {
            Normalization.OnDevice normalize = normalization.on(constants);
            List<NDArray> parts = new ArrayList<>();
            for (long start = 0; start < n; start += batchSize) {
                long end = Math.min(n, start + batchSize);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = normalize.apply(Views.resizeWhole(Views.toUnit(batches.pixels(start, end, scope)), imageSize));
                    NDArray normalised = NtXentLoss.l2Normalize(backbone.forward(parameters, new NDList(input), false).singletonOrThrow());
                    normalised.attach(manager);
                    parts.add(normalised);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            if (parts.size() > 1) {
                parts.forEach(NDArray::close);
            }
            return all;
        }
    }
}
