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
