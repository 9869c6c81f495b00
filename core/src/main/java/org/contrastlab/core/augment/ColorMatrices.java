package org.contrastlab.core.augment;

/**
 * Colour operations as 3×3 matrices acting on an RGB column (row-major), plus the
 * contrast op's pull towards the mean grey level. Grey is torchvision's
 * {@code rgb_to_grayscale}: 0.2989 R + 0.587 G + 0.114 B. (Hue is not linear; {@link HueShift}
 * does it.)
 */
public final class ColorMatrices {
    public static final float[] GREY = {0.2989f, 0.587f, 0.114f};

    private ColorMatrices() {
    }

    public static float[] identity() {
        return new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** x ↦ f·x. */
    public static float[] brightness(double f) {
        return new float[] {(float) f, 0, 0, 0, (float) f, 0, 0, 0, (float) f};
    }

    /** The linear part of contrast: x ↦ f·x (the offset (1−f)·mean(grey) is added separately). */
    public static float[] contrastScale(double f) {
        return brightness(f);
    }

    /** x ↦ f·x + (1−f)·grey(x) on every channel. */
    public static float[] saturation(double f) {
        float[] m = new float[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r * 3 + c] = (float) ((r == c ? f : 0) + (1 - f) * GREY[c]);
            }
        }
        return m;
    }

    /** x ↦ grey(x) on every channel. */
    public static float[] grayscale() {
        return saturation(0);
    }
}
