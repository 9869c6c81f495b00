package org.contrastlab.core.attention;

import java.util.Arrays;

/**
 * The CLS token's attention over the patch grid of one image at one layer: one map per head
 * (each sums to 1 over the patches' share of the CLS row, renormalised to 1 here) and their
 * mean. Row-major over the grid, {@code gridH × gridW} values per map. Plain Java arrays:
 * small, and drawn by the UI.
 */
public record AttentionMap(int layer, int gridH, int gridW, int patch, float[][] heads) {
    public AttentionMap {
        for (float[] h : heads) {
            if (h.length != gridH * gridW) {
                throw new IllegalArgumentException("a head's map has " + h.length + " values for a " + gridH + "×" + gridW + " grid");
            }
        }
    }

    public int headCount() {
        return heads.length;
    }

    /** The mean of the heads' maps. */
    public float[] mean() {
        float[] out = new float[gridH * gridW];
        for (float[] h : heads) {
            for (int i = 0; i < out.length; i++) {
                out[i] += h[i] / heads.length;
            }
        }
        return out;
    }

    /** Head {@code h}'s map, or the mean for {@code h = -1}. */
    public float[] map(int h) {
        return h < 0 ? mean() : heads[h];
    }

    /**
     * DINO's mask ({@code visualize_attention.py}): the patches of largest attention that together
     * hold {@code mass} of the map's total — sorted ascending, a patch is kept when the
     * cumulative share up to and including it exceeds {@code 1 − mass}.
     */
    public static boolean[] massMask(float[] map, double mass) {
        if (!(mass > 0 && mass <= 1)) {
            throw new IllegalArgumentException("the attention mass to keep must be within (0, 1], got " + mass);
        }
        Integer[] order = new Integer[map.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(map[a], map[b]));
        double total = 0;
        for (float v : map) {
            total += v;
        }
        boolean[] keep = new boolean[map.length];
        double cumulative = 0;
        for (Integer i : order) {
            cumulative += map[i] / total;
            keep[i] = cumulative > 1 - mass;
        }
        return keep;
    }

    /**
     * A grid map upsampled to {@code height × width} pixels: nearest (each patch a block) or
     * smooth (bilinear between patch centres, align_corners false, as DINO's
     * {@code nn.functional.interpolate} of the maps).
     */
    public float[] upsample(float[] grid, int height, int width, boolean smooth) {
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = smooth ? bilinear(grid, (y + 0.5) * gridH / height - 0.5, (x + 0.5) * gridW / width - 0.5)
                        : grid[Math.min(gridH - 1, y * gridH / height) * gridW + Math.min(gridW - 1, x * gridW / width)];
            }
        }
        return out;
    }

    private float bilinear(float[] grid, double gy, double gx) {
        double y = Math.max(0, Math.min(gridH - 1, gy));
        double x = Math.max(0, Math.min(gridW - 1, gx));
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(gridH - 1, y0 + 1);
        int x1 = Math.min(gridW - 1, x0 + 1);
        double fy = y - y0;
        double fx = x - x0;
        double top = grid[y0 * gridW + x0] * (1 - fx) + grid[y0 * gridW + x1] * fx;
        double bottom = grid[y1 * gridW + x0] * (1 - fx) + grid[y1 * gridW + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /** A boolean grid mask upsampled to pixels (nearest). */
    public boolean[] upsample(boolean[] grid, int height, int width) {
        boolean[] out = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = grid[Math.min(gridH - 1, y * gridH / height) * gridW + Math.min(gridW - 1, x * gridW / width)];
            }
        }
        return out;
    }
}
