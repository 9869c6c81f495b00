package org.contrastlab.visual;

/**
 * Attention maps as pixels (ARGB ints, no JavaFX needed, so the command line and the viewer
 * draw the same): a perceptual colour map (viridis, by its published anchor colours), its
 * blend over the image, and a mask overlay that dims what lies outside the mask.
 */
public final class AttentionColors {
    /** viridis at 0, 1/8, …, 1 (matplotlib's table, sampled). */
    private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0xa0da39, 0xd5e21a, 0xfde725};

    private AttentionColors() {
    }

    /** The colour of {@code t} in [0, 1] on viridis (opaque). */
    public static int viridis(double t) {
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double f = x - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return 0xff000000 | (r << 16) | (g << 8) | bl;
    }

    /** Each value coloured after scaling the map's range to [0, 1]. */
    public static int[] heat(float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi > lo ? hi - lo : 1;
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = viridis((values[i] - lo) / span);
        }
        return out;
    }

    /** {@code (1 − alpha)·image + alpha·overlay}, per channel. */
    public static int[] blend(int[] image, int[] overlay, double alpha) {
        int[] out = new int[image.length];
        for (int i = 0; i < image.length; i++) {
            int r = mix((image[i] >> 16) & 255, (overlay[i] >> 16) & 255, alpha);
            int g = mix((image[i] >> 8) & 255, (overlay[i] >> 8) & 255, alpha);
            int b = mix(image[i] & 255, overlay[i] & 255, alpha);
            out[i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }

    /** The image with the outside of {@code mask} darkened to a quarter and the mask's border drawn in {@code color}. */
    public static int[] maskOverlay(int[] image, boolean[] mask, int width, int color) {
        int height = image.length / width;
        int[] out = new int[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                boolean border = mask[i] && (x == 0 || y == 0 || x == width - 1 || y == height - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width]);
                if (border) {
                    out[i] = 0xff000000 | color;
                } else if (mask[i]) {
                    out[i] = image[i];
                } else {
                    out[i] = blend(new int[] {image[i]}, new int[] {0xff000000}, 0.75)[0];
                }
            }
        }
        return out;
    }

    private static int mix(int a, int b, double alpha) {
        return (int) Math.round(a * (1 - alpha) + b * alpha);
    }
}
