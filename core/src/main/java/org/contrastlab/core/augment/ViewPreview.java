package org.contrastlab.core.augment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** Every view of the recipe for each image of {@code images}; view v of image i is {@code result.get(i).get(v)}. */
    public static List<List<View>> make(ImageStore images, ViewRecipe recipe, long seed) {
        int n = images.size();
        List<List<List<ViewParams>>> drawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drawn.add(Views.sample(imageRandom(seed, i), 1, images.height(), images.width(), recipe));
        }
        List<ViewGroup> groups = recipe.perView();
        List<List<View>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray unit = Views.toUnit(images.toNDArray(manager));
            for (int v = 0; v < groups.size(); v++) {
                List<ViewParams> params = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    params.add(drawn.get(i).get(v).get(0));
                }
                ViewGroup g = groups.get(v);
                float[] pixels = BatchAugmenter.apply(unit, params, g).toFloatArray();
                for (int i = 0; i < n; i++) {
                    out.get(i).add(new View(argb(pixels, i, g.size()), g.size(), params.get(i), recipe.groupOfView(v), g.role()));
                }
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

    /** The generator of image {@code i} of a preview with {@code seed}. */
    static Random imageRandom(long seed, int i) {
        return Seeds.random(seed * 1_000_003L + i);
    }

    /** Image {@code i} of a (B, 3, S, S) float batch in [0, 1] as ARGB. */
    static int[] argb(float[] batch, int i, int s) {
        int plane = s * s;
        int base = i * 3 * plane;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            int r = Math.round(batch[base + p] * 255f);
            int g = Math.round(batch[base + plane + p] * 255f);
            int b = Math.round(batch[base + 2 * plane + p] * 255f);
            out[p] = 0xFF000000 | (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
