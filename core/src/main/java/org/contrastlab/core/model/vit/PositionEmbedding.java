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

    /**
     * The table {@code pos} (1, 1 + s², D) resampled bicubically (align_corners false) to a
     * {@code gridH}×{@code gridW} grid: (1, 1 + gridH·gridW, D); {@code pos} itself when the
     * grid is the same. Differentiable, so a learned table trains through it.
     */
    public static NDArray resample(NDArray pos, int gridH, int gridW) {
        long n = pos.getShape().get(1) - 1;
        if (n == (long) gridH * gridW) {
            return pos;
        }
        int s = squareGrid(n);
        long d = pos.getShape().get(2);
        NDArray cls = pos.get(":, :1, :");
        NDArray patches = pos.get(":, 1:, :").reshape(1, s, s, d).transpose(0, 3, 1, 2);
        NDArray resized = JniUtils.interpolate((PtNDArray) patches, new long[] {gridH, gridW}, BICUBIC, false);
        NDArray back = resized.transpose(0, 2, 3, 1).reshape(1, (long) gridH * gridW, d);
        return NDArrays.concat(new NDList(cls, back), 1);
    }

    static int squareGrid(long patches) {
        int s = (int) Math.round(Math.sqrt(patches));
        if ((long) s * s != patches) {
            throw new IllegalArgumentException("position embeddings for " + patches + " patches are not a square grid");
        }
        return s;
    }
}
