package org.contrastlab.core.augment;

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

    /** The taps of a normalised Gaussian kernel of {@code kernelSize} taps (odd) and the given sigma. */
    public static float[] gaussian(int kernelSize, double sigma) {
        int radius = kernelSize / 2;
        double[] kernel = new double[kernelSize];
        double sum = 0;
        for (int t = 0; t < kernelSize; t++) {
            double x = t - radius;
            kernel[t] = Math.exp(-x * x / (2 * sigma * sigma));
            sum += kernel[t];
        }
        float[] out = new float[kernelSize];
        for (int t = 0; t < kernelSize; t++) {
            out[t] = (float) (kernel[t] / sum);
        }
        return out;
    }
}
