package org.contrastlab.core.augment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.ImageStore;

/**
 * Views of a few images made with exactly the batched ops that training uses (on the CPU),
 * returned as packed ARGB pixels with the parameters that were drawn, for display and for
 * {@code contrastlab augment}. Image i of a call draws from its own generator, seeded from the
 * seed and i, so the same seed gives the same views whatever else is shown.
 */
public final class ViewPreview {
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
        List<List<List<ViewParams>>> drawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drawn.add(Views.sample(Seeds.random(seeds[i]), 1, images.height(), images.width(), recipe));
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
                float[] pixels = BatchAugmenter.apply(source, params, g).toFloatArray();
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        out.get(i).add(new View(argb(pixels, i * c + k, g.size()), g.size(), params.get(i * c + k), gi, g.role()));
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
                float[] pixels = BatchAugmenter.apply(unit, List.of(params), group, stage).toFloatArray();
                out.add(argb(pixels, 0, group.size()));
            }
        }
        return out;
    }

    /** The seed of image {@code i} of a preview with {@code seed}. */
    public static long imageSeed(long seed, int i) {
        return seed * 1_000_003L + i;
    }

    /** Image {@code i} of a (B, 3, S, S) float batch in [0, 1] as ARGB. */
    static int[] argb(float[] batch, int i, int s) {
        int plane = s * s;
        int base = i * 3 * plane;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = 0xFF000000 | (byteOf(batch[base + p]) << 16) | (byteOf(batch[base + plane + p]) << 8)
                    | byteOf(batch[base + 2 * plane + p]);
        }
        return out;
    }

    /** A [0, 1] value to 0..255, rounded half up (Math.round is several times slower here). */
    private static int byteOf(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (int) (c * 255f + 0.5f);
    }
}
