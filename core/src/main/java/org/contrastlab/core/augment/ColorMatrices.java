package org.contrastlab.core.augment;

/**
 * Colour operations as 3×3 matrices acting on an RGB column (row-major), plus the
 * contrast op's pull towards the mean grey level. Grey is torchvision's
 * {@code rgb_to_grayscale}: 0.2989 R + 0.587 G + 0.114 B.
 *
 * <p>Hue is a rotation of the chroma plane of YIQ by 2π·h, a linear stand-in for
 * torchvision's HSV hue shift (it keeps luma and agrees with it for small shifts).
 */
public final class ColorMatrices {
    public static final float[] GREY = {0.2989f, 0.587f, 0.114f};
    private static final double[][] RGB_TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135}};
    private static final double[][] YIQ_TO_RGB = invert(RGB_TO_YIQ);

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

    /** Rotation of the YIQ chroma plane by 2π·h. */
    public static float[] hue(double h) {
        double a = 2 * Math.PI * h;
        double[][] rot = {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
        double[][] m = multiply(YIQ_TO_RGB, multiply(rot, RGB_TO_YIQ));
        float[] out = new float[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r * 3 + c] = (float) m[r][c];
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    out[r][c] += a[r][k] * b[k][c];
                }
            }
        }
        return out;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inv[r][c] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
            }
        }
        return inv;
    }
}
