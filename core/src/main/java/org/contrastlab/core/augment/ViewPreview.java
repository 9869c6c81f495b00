package org.contrastlab.core.augment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.data.ImageStore;

/**
 * Views of a few images made with exactly the batched ops that training uses (on the CPU),
 * returned as packed ARGB pixels with the parameters that were drawn, for display and for
 * {@code contrastlab augment}. Image i of a call draws from its own generator, seeded from the
 * seed and i, so the same seed gives the same views whatever else is shown.
 */
public final class ViewPreview {
    private static final NDIndex RED = new NDIndex(":, 0");
    private static final NDIndex GREEN = new NDIndex(":, 1");
    private static final NDIndex BLUE = new NDIndex(":, 2");
    private static final int OPAQUE = 0xFF000000;

    private ViewPreview() {
    }

    /** One view: its pixels (size × size), what was drawn, and the group it belongs to. */
    public record View(int[] argb, int size, ViewParams params, int group, ViewRole role) {
    }

    /**
     * Every view of the recipe for each image of {@code images}; view v of image i is
     * {@code result.get(i).get(v)}. One batched call per group (all images, all its views).
     */
    public static List<List<View>> make(ImageStore images, ViewRecipe recipe, long seed) {
        long[] seeds = new long[images.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = imageSeed(seed, i);
        }
        return make(images, recipe, seeds);
    }

    /** As {@link #make(ImageStore, ViewRecipe, long)}, image i drawing from its own {@code seeds[i]}. */
    public static List<List<View>> make(ImageStore images, ViewRecipe recipe, long[] seeds) {
        int n = images.size();
        if (seeds.length != n) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + n + " images");
        }
        List<List<ViewDraws>> drawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drawn.add(Views.draw(Seeds.random(seeds[i]), 1, images.height(), images.width(), recipe));
        }
        List<List<View>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray unit = Views.toUnit(images.toNDArray(manager));
            int first = 0;
            for (int gi = 0; gi < recipe.groups().size(); gi++) {
                ViewGroup g = recipe.groups().get(gi);
                int c = g.count();
                // image-major: image 0's views of this group, then image 1's, ...
                List<ViewParams> params = new ArrayList<>(n * c);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        params.add(drawn.get(i).get(first + k).get(0));
                    }
                }
                NDArray source = n == 1 || c == 1 ? unit : unit.repeat(0, c);
                int[] pixels = argb(BatchAugmenter.apply(source, params, g));
                int plane = g.size() * g.size();
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        int v = i * c + k;
                        out.get(i).add(new View(Arrays.copyOfRange(pixels, v * plane, (v + 1) * plane), g.size(),
                                params.get(v), gi, g.role()));
                    }
                }
                first += c;
            }
        }
        return out;
    }

    /**
     * One view of one image after each op in turn ({@link BatchAugmenter.Stage} order): the
     * "pipeline" that shows what every op did.
     */
    public static List<int[]> pipeline(ImageStore image, ViewGroup group, ViewParams params) {
        List<int[]> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray unit = Views.toUnit(image.toNDArray(manager));
            for (BatchAugmenter.Stage stage : BatchAugmenter.Stage.values()) {
                out.add(argb(BatchAugmenter.apply(unit, ViewDraws.of(List.of(params)), group, stage)));
            }
        }
        return out;
    }

    /** The seed of image {@code i} of a preview with {@code seed}. */
    public static long imageSeed(long seed, int i) {
        return seed * 1_000_003L + i;
    }

    /**
     * A float batch (B, 3, S, S) in [0, 1] as packed ARGB pixels, image after image, each value
     * rounded half up to 8 bits. Packed on the batch's device: the Java side only copies.
     */
    static int[] argb(NDArray unit) {
        NDArray q = unit.clip(0, 1).mul(255f).add(0.5f).toType(DataType.INT32, false);
        NDArray packed = q.get(RED).mul(1 << 16).add(q.get(GREEN).mul(1 << 8)).add(q.get(BLUE)).add(OPAQUE);
        return packed.toIntArray();
    }
}
