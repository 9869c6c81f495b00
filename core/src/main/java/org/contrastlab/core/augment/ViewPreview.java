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
 * returned as packed ARGB pixels with the parameters that were drawn, for display.
 */
public final class ViewPreview {
    private ViewPreview() {
    }

    /** One view: its pixels (size × size) and what was drawn. */
    public record View(int[] argb, int size, ViewParams params) {
    }

    /** {@code viewsPerImage} views of each image at {@code indices}; view v of image i is {@code result.get(i).get(v)}. */
    public static List<List<View>> make(ImageStore store, int[] indices, ViewRecipe recipe, int viewsPerImage, long seed) {
        Random rng = Seeds.random(seed);
        List<List<View>> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray unit = Views.toUnit(store.subset(indices).toNDArray(manager));
            List<List<ViewParams>> drawn = new ArrayList<>();
            List<float[]> pixels = new ArrayList<>();
            for (int v = 0; v < viewsPerImage; v++) {
                List<ViewParams> params = Views.sample(rng, indices.length, store.height(), store.width(), recipe);
                drawn.add(params);
                pixels.add(Views.make(unit, params, recipe).toFloatArray());
            }
            int s = recipe.size();
            for (int i = 0; i < indices.length; i++) {
                List<View> views = new ArrayList<>();
                for (int v = 0; v < viewsPerImage; v++) {
                    views.add(new View(argb(pixels.get(v), i, s), s, drawn.get(v).get(i)));
                }
                out.add(views);
            }
        }
        return out;
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
