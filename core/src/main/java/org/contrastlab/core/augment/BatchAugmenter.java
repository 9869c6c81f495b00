package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Makes one view per image of a batch on the batch's device, each with its own parameters,
 * in the order of the torchvision pipeline: crop+resize+flip, colour jitter (per-sample op
 * order), grayscale, blur. Pixel values are in [0, 1] and clamped after every colour op.
 *
 * <p>Crop and blur are per-sample matrices along rows and columns applied with batched
 * matrix products; the colour ops are per-sample 3×3 matrices, so a whole batch costs a fixed
 * number of native calls whatever the batch size.
 */
public final class BatchAugmenter {
    private BatchAugmenter() {
    }

    /**
     * @param images float32 (B, 3, H, W) in [0, 1]
     * @param params one entry per image
     * @param size the output side S
     * @param blurKernel kernel taps of the blur (odd)
     * @return float32 (B, 3, S, S) in [0, 1], owned by the images' manager
     */
    public static NDArray apply(NDArray images, List<ViewParams> params, int size, int blurKernel) {
        Shape shape = images.getShape();
        int b = (int) shape.get(0);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        if (params.size() != b) {
            throw new IllegalArgumentException(params.size() + " view parameters for a batch of " + b);
        }
        NDManager m = images.getManager();
        NDArray x = cropResizeFlip(m, images, params, size, h, w);
        x = colour(m, x, params, size);
        return blur(m, x, params, size, blurKernel);
    }

    private static NDArray cropResizeFlip(NDManager m, NDArray images, List<ViewParams> params, int s, int h, int w) {
        int b = params.size();
        float[] ly = new float[b * s * h];
        float[] lxT = new float[b * s * w];
        float[] lx = new float[s * w];
        for (int i = 0; i < b; i++) {
            ViewParams p = params.get(i);
            ResampleMatrices.crop(ly, i * s * h, s, h, p.cropTop(), p.cropHeight(), false);
            java.util.Arrays.fill(lx, 0f);
            ResampleMatrices.crop(lx, 0, s, w, p.cropLeft(), p.cropWidth(), p.flip());
            transposeInto(lx, s, w, lxT, i * s * w);
        }
        NDArray rows = m.create(ly, new Shape(b, 1, s, h));
        NDArray colsT = m.create(lxT, new Shape(b, 1, w, s));
        return rows.matMul(images).matMul(colsT);
    }

    private static NDArray colour(NDManager m, NDArray views, List<ViewParams> params, int s) {
        int b = params.size();
        NDArray x = views.reshape(b, 3, (long) s * s);
        NDArray grey = m.create(ColorMatrices.GREY, new Shape(1, 1, 3));
        for (int stage = 0; stage < 4; stage++) {
            float[] a = new float[b * 9];
            float[] pull = new float[b];
            boolean any = false;
            for (int i = 0; i < b; i++) {
                ViewParams p = params.get(i);
                float[] mat = ColorMatrices.identity();
                if (p.jittered()) {
                    int op = p.jitterOrder()[stage];
                    mat = switch (op) {
                        case ViewParams.BRIGHTNESS -> ColorMatrices.brightness(p.brightness());
                        case ViewParams.CONTRAST -> ColorMatrices.contrastScale(p.contrast());
                        case ViewParams.SATURATION -> ColorMatrices.saturation(p.saturation());
                        default -> ColorMatrices.hue(p.hue());
                    };
                    if (op == ViewParams.CONTRAST) {
                        pull[i] = (float) (1 - p.contrast());
                    }
                    any = true;
                }
                System.arraycopy(mat, 0, a, i * 9, 9);
            }
            if (any) {
                NDArray mats = m.create(a, new Shape(b, 3, 3));
                NDArray meanGrey = grey.matMul(x).mean(new int[] {2}, true);
                NDArray offsets = m.create(pull, new Shape(b, 1, 1)).mul(meanGrey);
                x = mats.matMul(x).add(offsets).clip(0, 1);
            }
        }
        float[] g = new float[b * 9];
        boolean anyGrey = false;
        for (int i = 0; i < b; i++) {
            boolean on = params.get(i).grayscale();
            anyGrey |= on;
            System.arraycopy(on ? ColorMatrices.grayscale() : ColorMatrices.identity(), 0, g, i * 9, 9);
        }
        if (anyGrey) {
            x = m.create(g, new Shape(b, 3, 3)).matMul(x).clip(0, 1);
        }
        return x.reshape(b, 3, s, s);
    }

    private static NDArray blur(NDManager m, NDArray x, List<ViewParams> params, int s, int kernel) {
        int b = params.size();
        if (params.stream().noneMatch(ViewParams::blurred)) {
            return x;
        }
        float[] k = new float[b * s * s];
        float[] kT = new float[b * s * s];
        float[] one = new float[s * s];
        for (int i = 0; i < b; i++) {
            java.util.Arrays.fill(one, 0f);
            if (params.get(i).blurred()) {
                ResampleMatrices.blur(one, 0, s, kernel, params.get(i).blurSigma());
            } else {
                ResampleMatrices.identity(one, 0, s);
            }
            System.arraycopy(one, 0, k, i * s * s, s * s);
            transposeInto(one, s, s, kT, i * s * s);
        }
        return m.create(k, new Shape(b, 1, s, s)).matMul(x).matMul(m.create(kT, new Shape(b, 1, s, s)));
    }

    private static void transposeInto(float[] src, int rows, int cols, float[] dst, int offset) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[offset + c * rows + r] = src[r * cols + c];
            }
        }
    }
}
