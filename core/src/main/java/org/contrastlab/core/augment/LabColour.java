package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastlab.core.env.Scalars;

/**
 * sRGB to CIE L*a*b*, exactly as scikit-image's {@code rgb2lab} (which CMC's {@code RGB2Lab}
 * transform calls; HobbitLong/CMC): the sRGB transfer curve undone, the linear RGB turned into
 * XYZ by scikit-image's {@code xyz_from_rgb} matrix, divided by the D65 white of the 2° observer
 * (0.95047, 1, 1.08883), then {@code f(t) = t^(1/3)} above 0.008856 and {@code 7.787·t + 16/116}
 * below, {@code L = 116·f(Y) − 16}, {@code a = 500·(f(X) − f(Y))}, {@code b = 200·(f(Y) − f(Z))}.
 * L runs over 0–100; over the sRGB cube a runs over −86.18–98.23 and b over −107.86–94.48.
 * One pixel ({@link #of}) or a whole batch on its device ({@link #fromSrgb}), the same formula.
 */
public final class LabColour {
    /** scikit-image {@code xyz_from_rgb} (colorconv.py), rows X, Y, Z, each divided by D65's white. */
    private static final double[][] XYZ_OVER_WHITE = {
            {0.412453 / 0.95047, 0.357580 / 0.95047, 0.180423 / 0.95047},
            {0.212671, 0.715160, 0.072169},
            {0.019334 / 1.08883, 0.119193 / 1.08883, 0.950227 / 1.08883}};
    private static final double[][] RGB_FROM_T = invert(XYZ_OVER_WHITE);
    private static final double CUBE_ABOVE = 0.008856;
    private static final double LINEAR_SLOPE = 7.787;
    private static final double LINEAR_OFFSET = 16.0 / 116;

    /**
     * Each channel's centre and half-range over the sRGB cube: CMC's normalisation of its Lab
     * input ({@code train_CMC.py}), which puts every channel in [−1, 1].
     */
    public static final Normalization CMC_RANGE = new Normalization(
            new float[] {50f, (float) ((-86.183 + 98.233) / 2), (float) ((-107.857 + 94.478) / 2)},
            new float[] {50f, (float) ((86.183 + 98.233) / 2), (float) ((107.857 + 94.478) / 2)});

    private LabColour() {
    }

    /** L, a, b of one sRGB colour with channels in [0, 1] (clipped). */
    public static double[] of(double r, double g, double b) {
        double[] linear = {linear(r), linear(g), linear(b)};
        double[] f = new double[3];
        for (int row = 0; row < 3; row++) {
            double t = XYZ_OVER_WHITE[row][0] * linear[0] + XYZ_OVER_WHITE[row][1] * linear[1] + XYZ_OVER_WHITE[row][2] * linear[2];
            f[row] = t > CUBE_ABOVE ? Math.cbrt(t) : LINEAR_SLOPE * t + LINEAR_OFFSET;
        }
        return new double[] {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
    }

    private static double linear(double c) {
        double v = Math.min(1, Math.max(0, c));
        return v > 0.04045 ? Math.pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }

    /** sRGB (0–1, clipped to the cube) of L, a, b: the inverse of {@link #of}. */
    public static double[] toSrgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double[] f = {fy + a / 500, fy, fy - b / 200};
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            double cube = f[i] * f[i] * f[i];
            t[i] = cube > CUBE_ABOVE ? cube : (f[i] - LINEAR_OFFSET) / LINEAR_SLOPE;
        }
        double[] rgb = new double[3];
        for (int c = 0; c < 3; c++) {
            double linear = RGB_FROM_T[c][0] * t[0] + RGB_FROM_T[c][1] * t[1] + RGB_FROM_T[c][2] * t[2];
            double v = linear > 0.0031308 ? 1.055 * Math.pow(linear, 1 / 2.4) - 0.055 : 12.92 * linear;
            rgb[c] = Math.min(1, Math.max(0, v));
        }
        return rgb;
    }

    /**
     * What each view of CMC sees, for display: the L channel as grey ({@code ab} false), or the a
     * and b channels at a fixed lightness of 70 ({@code ab} true), of packed ARGB pixels.
     */
    public static int[] channelsOf(int[] argb, boolean ab) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double[] lab = of(((p >> 16) & 0xFF) / 255.0, ((p >> 8) & 0xFF) / 255.0, (p & 0xFF) / 255.0);
            double[] rgb = ab ? toSrgb(70, lab[1], lab[2]) : new double[] {lab[0] / 100, lab[0] / 100, lab[0] / 100};
            out[i] = 0xFF000000 | (int) Math.round(rgb[0] * 255) << 16 | (int) Math.round(rgb[1] * 255) << 8
                    | (int) Math.round(rgb[2] * 255);
        }
        return out;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] out = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                out[r][c] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
            }
        }
        return out;
    }

    /** A (B, 3, H, W) batch of sRGB in [0, 1] (clipped) as (B, 3, H, W) L, a, b, on the batch's device. */
    public static NDArray fromSrgb(NDArray rgb) {
        NDArray c = rgb.clip(0, 1);
        NDArray high = Scalars.pow(Scalars.div(Scalars.add(c, 0.055), 1.055), 2.4);
        NDArray linear = NDArrays.where(Scalars.gte(c, 0.04045 + 1e-12), high, Scalars.div(c, 12.92));
        NDArray[] channel = {linear.get(":, 0:1"), linear.get(":, 1:2"), linear.get(":, 2:3")};
        NDArray[] f = new NDArray[3];
        for (int row = 0; row < 3; row++) {
            NDArray t = Scalars.mul(channel[0], XYZ_OVER_WHITE[row][0]).add(Scalars.mul(channel[1], XYZ_OVER_WHITE[row][1]))
                    .add(Scalars.mul(channel[2], XYZ_OVER_WHITE[row][2]));
            NDArray cube = Scalars.pow(Scalars.maximum(t, 0), 1.0 / 3);
            f[row] = NDArrays.where(Scalars.gte(t, CUBE_ABOVE + 1e-12), cube, Scalars.add(Scalars.mul(t, LINEAR_SLOPE), LINEAR_OFFSET));
        }
        NDArray l = Scalars.sub(Scalars.mul(f[1], 116), 16);
        NDArray a = Scalars.mul(f[0].sub(f[1]), 500);
        NDArray b = Scalars.mul(f[1].sub(f[2]), 200);
        return NDArrays.concat(new NDList(l, a, b), 1);
    }
}
