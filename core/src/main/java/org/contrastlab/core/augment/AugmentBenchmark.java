package org.contrastlab.core.augment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.data.ImageStore;

/**
 * Views per second of a recipe on a device, made two ways from the same uint8 images: in
 * batches (every view of a batch in one set of native calls, as training makes them) and one
 * image at a time (the same ops on a batch of one, as a per-image data loader would). Each
 * way: images to [0, 1], every view of the recipe, normalised, and the views read back (so
 * that the device's work is finished); warm-up rounds first.
 */
public final class AugmentBenchmark {
    private AugmentBenchmark() {
    }

    /** Views per second of the two ways. */
    public record Result(String recipe, int imageSize, double batchedViewsPerSecond, double singleViewsPerSecond) {
        public double speedup() {
            return batchedViewsPerSecond / singleViewsPerSecond;
        }
    }

    /**
     * @param images the images the views are cut from (all used batched; the first
     *               {@code singleImages} one at a time)
     * @param seconds at least this long is spent timing each way
     */
    public static Result run(ImageStore images, ViewRecipe recipe, int batchSize, int singleImages, double seconds, Device device) {
        Normalization norm = Normalization.of(images);
        Random rng = Seeds.random(1);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray pixels = images.toNDArray(manager);
            int n = images.size();
            // batched
            long views = 0;
            for (int warm = 0; warm < 2; warm++) {
                batch(manager, pixels, rng, 0, Math.min(batchSize, n), images, recipe, norm);
            }
            long t0 = System.nanoTime();
            int at = 0;
            do {
                int b = Math.min(batchSize, n - at);
                views += (long) b * batch(manager, pixels, rng, at, b, images, recipe, norm);
                at = (at + b) % n;
            } while (System.nanoTime() - t0 < seconds * 1e9);
            double batched = views / ((System.nanoTime() - t0) / 1e9);
            // one image at a time
            for (int warm = 0; warm < 5; warm++) {
                batch(manager, pixels, rng, warm % n, 1, images, recipe, norm);
            }
            views = 0;
            t0 = System.nanoTime();
            int i = 0;
            do {
                views += batch(manager, pixels, rng, i % Math.min(singleImages, n), 1, images, recipe, norm);
                i++;
            } while (System.nanoTime() - t0 < seconds * 1e9);
            double single = views / ((System.nanoTime() - t0) / 1e9);
            return new Result(recipe.name(), images.height(), batched, single);
        }
    }

    /** Every view of a batch of {@code b} images starting at {@code from}; returns the views per image. */
    private static int batch(NDManager manager, NDArray pixels, Random rng, int from, int b, ImageStore images,
                             ViewRecipe recipe, Normalization norm) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray slice = pixels.get(from + ":" + (from + b));
            slice.attach(scope);
            NDArray unit = Views.toUnit(slice);
            List<ViewDraws> params = Views.draw(rng, b, images.height(), images.width(), recipe);
            for (NDArray v : Views.make(unit, params, recipe)) {
                norm.apply(v).toFloatArray();
            }
            return recipe.viewCount();
        }
    }
}
