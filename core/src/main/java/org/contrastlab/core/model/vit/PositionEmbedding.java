package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.Initializer;

/**
 * Position embeddings of a ViT, (1, 1 + N, D) with the CLS token's first: the fixed 2-D
 * sin-cos table of MoCo v3 ({@code vits.py build_2d_sincos_position_embedding}), and the
 * bicubic resampling of a square table to another patch grid that lets a ViT trained at one
 * size look at images of any other (DINO's {@code interpolate_pos_encoding}, timm's
 * {@code resample_abs_pos_embed}).
 */
public final class PositionEmbedding {
    /** libtorch's bicubic mode in DJL's interpolate bridge (nearest 0, bilinear 2, bicubic 3, area 5). */
    private static final int BICUBIC = 3;

    private PositionEmbedding() {
    }

    /**
     * MoCo v3's table for a {@code grid}×{@code grid} patch grid and width {@code dim} (a
     * multiple of 4): patch m at (r, c) = (m / grid, m % grid) gets
     * {@code [sin(r·ω), cos(r·ω), sin(c·ω), cos(c·ω)]} with {@code ω_i = 10000^(−i/(D/4))};
     * the CLS token's row is zero.
     */
    public static float[] sinCos(int grid, int dim) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("a 2-D sin-cos position embedding needs a width divisible by 4, got " + dim);
        }
        int quarter = dim / 4;
        float[] out = new float[(1 + grid * grid) * dim];
        for (int m = 0; m < grid * grid; m++) {
            int r = m / grid;
            int c = m % grid;
            int base = (1 + m) * dim;
            for (int i = 0; i < quarter; i++) {
                double omega = 1 / Math.pow(10000, (double) i / quarter);
                out[base + i] = (float) Math.sin(r * omega);
                out[base + quarter + i] = (float) Math.cos(r * omega);
                out[base + 2 * quarter + i] = (float) Math.sin(c * omega);
                out[base + 3 * quarter + i] = (float) Math.cos(c * omega);
            }
        }
        return out;
    }

    /** An initializer that fills a (1, 1 + N, D) parameter with {@link #sinCos}. */
    public static Initializer sinCosInitializer() {
        return (NDManager manager, Shape shape, DataType type) -> {
            int dim = (int) shape.get(2);
            int grid = squareGrid(shape.get(1) - 1);
            return manager.create(sinCos(grid, dim), shape).toType(type, false);
        };
    }

    /** How a square table is resampled to another grid: as the weights' origin does it. */
    public enum Resampling {
        /**
         * timm's {@code resample_abs_pos_embed}: libtorch's bicubic to the new size, as DJL calls
         * it (antialiased); what runs trained here and timm's files use.
         */
        TIMM("timm's antialiased bicubic"),
        /**
         * DINO's {@code interpolate_pos_encoding} (vision_transformer.py): plain bicubic (a = −0.75,
         * align_corners false) with the scale factor {@code (g + 0.1) / s}, not {@code g / s}.
         */
        DINO("DINO's bicubic, scale (g + 0.1) / s");

        private final String description;

        Resampling(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** {@link #resample(NDArray, int, int, Resampling)} as timm does it. */
    public static NDArray resample(NDArray pos, int gridH, int gridW) {
        return resample(pos, gridH, gridW, Resampling.TIMM);
    }

    /**
     * The table {@code pos} (1, 1 + s², D) resampled bicubically to a {@code gridH}×{@code gridW}
     * grid: (1, 1 + gridH·gridW, D); {@code pos} itself when the grid is the same.
     * Differentiable, so a learned table trains through it.
     */
    public static NDArray resample(NDArray pos, int gridH, int gridW, Resampling how) {
        long n = pos.getShape().get(1) - 1;
        if (n == (long) gridH * gridW && (how == Resampling.TIMM || gridH == gridW)) {
            return pos;
        }
        int s = squareGrid(n);
        long d = pos.getShape().get(2);
        NDArray cls = pos.get(":, :1, :");
        NDArray patches = pos.get(":, 1:, :").reshape(1, s, s, d).transpose(0, 3, 1, 2);
        NDArray resized;
        if (how == Resampling.TIMM) {
            resized = JniUtils.interpolate((PtNDArray) patches, new long[] {gridH, gridW}, BICUBIC, false);
        } else {
            NDManager m = pos.getManager();
            NDArray rows = m.create(bicubicRows(s, gridH, s / (gridH + 0.1)), new Shape(gridH, s)).toType(pos.getDataType(), false);
            NDArray cols = m.create(bicubicRows(s, gridW, s / (gridW + 0.1)), new Shape(gridW, s)).toType(pos.getDataType(), false);
            resized = rows.matMul(patches.reshape(d, s, s)).matMul(cols.transpose()).reshape(1, d, gridH, gridW);
        }
        NDArray back = resized.transpose(0, 2, 3, 1).reshape(1, (long) gridH * gridW, d);
        return NDArrays.concat(new NDList(cls, back), 1);
    }

    /**
     * The (out, in) matrix of libtorch's bicubic upsampling along one axis
     * ({@code UpSampleBicubic2d}): output i reads the source at {@code (i + 0.5)·inverseScale − 0.5},
     * four taps with Keys' cubic convolution (a = −0.75), indices clamped to the edge.
     */
    static float[] bicubicRows(int in, int out, double inverseScale) {
        float[] m = new float[out * in];
        double a = -0.75;
        for (int i = 0; i < out; i++) {
            double src = (i + 0.5) * inverseScale - 0.5;
            int base = (int) Math.floor(src);
            double t = src - base;
            double[] w = {cubicFar(t + 1, a), cubicNear(t, a), cubicNear(1 - t, a), cubicFar(2 - t, a)};
            for (int k = 0; k < 4; k++) {
                int j = Math.min(Math.max(base - 1 + k, 0), in - 1);
                m[i * in + j] += (float) w[k];
            }
        }
        return m;
    }

    /** Keys' kernel for |x| ≤ 1. */
    private static double cubicNear(double x, double a) {
        return ((a + 2) * x - (a + 3)) * x * x + 1;
    }

    /** Keys' kernel for 1 < |x| < 2. */
    private static double cubicFar(double x, double a) {
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    }

    static int squareGrid(long patches) {
        int s = (int) Math.round(Math.sqrt(patches));
        if ((long) s * s != patches) {
            throw new IllegalArgumentException("position embeddings for " + patches + " patches are not a square grid");
        }
        return s;
    }
}
