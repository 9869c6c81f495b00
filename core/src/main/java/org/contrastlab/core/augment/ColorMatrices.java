package org.contrastlab.core.augment;

import java.util.Arrays;

/**
 * Colour operations as 3×3 matrices acting on an RGB column (row-major), written into a batch's
 * array of matrices at an offset (no array per image), plus the
 * contrast op's pull towards the mean grey level. Grey is torchvision's
 * {@code rgb_to_grayscale}: 0.2989 R + 0.587 G + 0.114 B. (Hue is not linear; {@link HueShift}
 * does it.)
 */
public final class ColorMatrices {
    public static final float[] GREY = {0.2989f, 0.587f, 0.114f};

    private ColorMatrices() {
    }

    /** Writes the identity into {@code dst[at..at+9)}. */
    public static void identity(float[] dst, int at) {
        scale(dst, at, 1);
    }

    /** x ↦ f·x (brightness; contrast's linear part, its offset (1−f)·mean(grey) added separately). */
    public static void scale(float[] dst, int at, double f) {
        Arrays.fill(dst, at, at + 9, 0f);
        dst[at] = (float) f;
        dst[at + 4] = (float) f;
        dst[at + 8] = (float) f;
    }

    /** x ↦ f·x + (1−f)·grey(x) on every channel. */
    public static void saturation(float[] dst, int at, double f) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                dst[at + r * 3 + c] = (float) ((r == c ? f : 0) + (1 - f) * GREY[c]);
            }
        }
    }

    /** x ↦ grey(x) on every channel. */
    public static void grayscale(float[] dst, int at) {
        saturation(dst, at, 0);
    }
}
