package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.contrastlab.core.env.DeviceConstants;

/**
 * One-dimensional resampling operators: the crop-resize-flip as dense matrices, so that it
 * becomes {@code Ly · X · Lxᵀ} per channel (DESIGN.md decision 2), filling an {@code out × in}
 * row-major block of {@code dst} at {@code offset}; and the taps of the blur kernel.
 */
public final class ResampleMatrices {
    private ResampleMatrices() {
    }

    /**
     * Crop [start, start+length) of a source axis and resize it to {@code out} samples with
     * PIL's antialiased resampling (what torchvision applies to PIL images): the filter of
     * {@code interpolation} widened by the scale factor when shrinking, its weights normalised
     * per output sample, the window clamped to the crop. Output index o is centred at source
     * position start + (o + 0.5)·length/out − 0.5. With {@code flip} the output is mirrored.
     */
    public static void crop(float[] dst, int offset, int out, int in, int start, int length, boolean flip,
                            Interpolation interpolation) {
        double scale = (double) length / out;
        double filterScale = Math.max(scale, 1.0);
        double support = interpolation.support() * filterScale;
        double[] weights = new double[(int) Math.ceil(2 * support) + 2];
        for (int o = 0; o < out; o++) {
            int row = flip ? out - 1 - o : o;
            double center = (o + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
            int hi = Math.min(length, (int) Math.floor(center + support + 0.5));
            double total = 0;
            for (int j = lo; j < hi; j++) {
                weights[j - lo] = interpolation.weight((j + 0.5 - center) / filterScale);
                total += weights[j - lo];
            }
            for (int j = lo; j < hi; j++) {
                dst[offset + row * in + start + j] += (float) (weights[j - lo] / total);
            }
        }
    }

    /**
     * {@link #crop}'s matrices for a whole batch, built on the device from one small array of
     * crop boxes instead of on the host: only the boxes travel to the device. Computed in
     * float64 as {@link #crop} is, so the matrices agree with it to float32 rounding.
     *
     * @param boxes (B, 3) float64 on the device: each row the crop's start, its length and 1
     *     to mirror the output (else 0)
     * @return (B, out, in) float32
     */
    public static NDArray cropOnDevice(NDArray boxes, int out, int in, Interpolation interpolation) {
        NDManager m = boxes.getManager();
        long b = boxes.getShape().get(0);
        DeviceConstants k = new DeviceConstants(m);
        NDArray start = boxes.get(":, 0:1").reshape(b, 1, 1);
        NDArray length = boxes.get(":, 1:2").reshape(b, 1, 1);
        NDArray mirrored = boxes.get(":, 2:3").reshape(b, 1, 1);
        NDArray scale = length.div(k.of(out));
        NDArray filterScale = scale.maximum(k.of(1));
        NDArray support = filterScale.mul(k.of(interpolation.support()));
        NDArray center = m.arange(0, out, 1, DataType.FLOAT64).reshape(1, out, 1).add(k.of(0.5)).mul(scale);
        NDArray j = m.arange(0, in, 1, DataType.FLOAT64).reshape(1, 1, in).sub(start);
        NDArray lo = center.sub(support).add(k.of(0.5)).floor().maximum(k.of(0));
        NDArray hi = center.add(support).add(k.of(0.5)).floor().minimum(length);
        NDArray inside = j.gte(lo).logicalAnd(j.lt(hi));
        NDArray a = j.add(k.of(0.5)).sub(center).div(filterScale).abs();
        NDArray w;
        if (interpolation == Interpolation.BILINEAR) {
            w = k.of(1).sub(a).maximum(k.of(0));
        } else {
            // PIL's bicubic_filter with c = −0.5: ((c+2)a − (c+3))a² + 1 below 1, (((a−5)a + 8)a − 4)c below 2
            NDArray near = a.mul(k.of(1.5)).sub(k.of(2.5)).mul(a).mul(a).add(k.of(1));
            NDArray far = a.sub(k.of(5)).mul(a).add(k.of(8)).mul(a).sub(k.of(4)).mul(k.of(-0.5));
            w = NDArrays.where(a.lt(k.of(1)), near, NDArrays.where(a.lt(k.of(2)), far, a.zerosLike()));
        }
        w = w.mul(inside.toType(DataType.FLOAT64, false));
        w = w.div(w.sum(new int[] {2}, true));
        w = w.add(w.flip(1).sub(w).mul(mirrored)); // the mirrored rows where the box says so (0 or 1)
        return w.toType(DataType.FLOAT32, false);
    }

    /** The taps of a normalised Gaussian kernel of {@code kernelSize} taps (odd) and the given sigma. */
    public static float[] gaussian(int kernelSize, double sigma) {
        float[] out = new float[kernelSize];
        gaussian(out, 0, kernelSize, sigma);
        return out;
    }

    /** {@link #gaussian(int, double)} written into {@code dst[at..at+kernelSize)}. */
    public static void gaussian(float[] dst, int at, int kernelSize, double sigma) {
        int radius = kernelSize / 2;
        double sum = 0;
        for (int t = 0; t < kernelSize; t++) {
            double x = t - radius;
            sum += Math.exp(-x * x / (2 * sigma * sigma));
        }
        for (int t = 0; t < kernelSize; t++) {
            double x = t - radius;
            dst[at + t] = (float) (Math.exp(-x * x / (2 * sigma * sigma)) / sum);
        }
    }
}
