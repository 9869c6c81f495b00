package org.contrastlab.core.augment;

/**
 * One-dimensional resampling operators as dense matrices, so that a crop, a resize, a flip
 * and a blur of a whole image become {@code Ly · X · Lxᵀ} per channel (DESIGN.md decision 2).
 * Each method fills an {@code out × in} row-major block of {@code dst} at {@code offset}.
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
     * A Gaussian blur of {@code size} samples with a kernel of {@code kernelSize} taps and the
     * given sigma, borders reflected (torchvision's {@code gaussian_blur} pads with "reflect").
     */
    public static void blur(float[] dst, int offset, int size, int kernelSize, double sigma) {
        int radius = kernelSize / 2;
        float[] kernel = gaussian(kernelSize, sigma);
        for (int o = 0; o < size; o++) {
            for (int t = 0; t < kernelSize; t++) {
                int j = reflect(o + t - radius, size);
                dst[offset + o * size + j] += kernel[t];
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

    /** The identity on {@code size} samples. */
    public static void identity(float[] dst, int offset, int size) {
        for (int o = 0; o < size; o++) {
            dst[offset + o * size + o] = 1f;
        }
    }

    static int reflect(int j, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(j, period);
        return m < size ? m : period - m;
    }
}
