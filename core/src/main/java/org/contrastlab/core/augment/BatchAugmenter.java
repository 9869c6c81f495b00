package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Makes one view per image of a batch on the batch's device, each with its own parameters,
 * in the order of the torchvision pipelines of the references: crop+resize+flip, colour
 * jitter (per-sample op order), grayscale, blur, solarize. Pixel values are in [0, 1] and
 * clamped after every colour op, as torchvision's functional ops do.
 *
 * <p>Crop and blur are per-sample matrices along rows and columns applied with batched matrix
 * products; brightness, contrast, saturation and grayscale are per-sample 3×3 matrices; hue
 * is an element-wise HSV turn and solarize an element-wise mask. A whole batch costs a fixed
 * number of native calls whatever its size.
 */
public final class BatchAugmenter {

    /** The ops in the order they are applied; a pipeline can stop after any of them. */
    public enum Stage {
        CROP, FLIP, JITTER, GRAYSCALE, BLUR, SOLARIZE
    }

    private BatchAugmenter() {
    }

    /**
     * @param images float32 (B, 3, H, W) in [0, 1]; with B = 1, every view is cut from that one image
     * @param params one entry per image (or per view of the one image)
     * @param group the settings the parameters were drawn with (size, filter, kernel, threshold)
     * @return float32 (B, 3, S, S) in [0, 1], owned by the images' manager
     */
    public static NDArray apply(NDArray images, List<ViewParams> params, ViewGroup group) {
        return apply(images, params, group, Stage.SOLARIZE);
    }

    /** The views after the ops up to and including {@code last}: one step of the pipeline. */
    public static NDArray apply(NDArray images, List<ViewParams> params, ViewGroup group, Stage last) {
        Shape shape = images.getShape();
        int b = (int) shape.get(0);
        if (params.size() != b && b != 1) {
            throw new IllegalArgumentException(params.size() + " view parameters for a batch of " + b);
        }
        NDManager m = images.getManager();
        int s = group.size();
        NDArray x = cropResizeFlip(m, images, params, group, last != Stage.CROP);
        if (last.compareTo(Stage.JITTER) >= 0) {
            x = jitter(m, x, params, s);
        }
        if (last.compareTo(Stage.GRAYSCALE) >= 0) {
            x = grayscale(m, x, params, s);
        }
        if (last.compareTo(Stage.BLUR) >= 0) {
            x = blur(m, x, params, s, group.blurKernelSize());
        }
        if (last.compareTo(Stage.SOLARIZE) >= 0) {
            x = solarize(m, x, params, (float) group.solarizeThreshold());
        }
        return x;
    }

    private static NDArray cropResizeFlip(NDManager m, NDArray images, List<ViewParams> params, ViewGroup group, boolean flips) {
        int b = params.size();
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        int s = group.size();
        float[] ly = new float[b * s * h];
        float[] lxT = new float[b * s * w];
        float[] lx = new float[s * w];
        for (int i = 0; i < b; i++) {
            ViewParams p = params.get(i);
            ResampleMatrices.crop(ly, i * s * h, s, h, p.cropTop(), p.cropHeight(), false, group.interpolation());
            Arrays.fill(lx, 0f);
            ResampleMatrices.crop(lx, 0, s, w, p.cropLeft(), p.cropWidth(), flips && p.flip(), group.interpolation());
            transposeInto(lx, s, w, lxT, i * s * w);
        }
        NDArray rows = m.create(ly, new Shape(b, 1, s, h));
        NDArray colsT = m.create(lxT, new Shape(b, 1, w, s));
        NDArray out = rows.matMul(images).matMul(colsT);
        // a cubic filter over- and undershoots; PIL stores the result in 8 bits, clamped
        return group.interpolation() == Interpolation.BICUBIC ? out.clip(0, 1) : out;
    }

    private static NDArray jitter(NDManager m, NDArray views, List<ViewParams> params, int s) {
        int b = params.size();
        if (params.stream().noneMatch(ViewParams::jittered)) {
            return views;
        }
        NDArray x = views.reshape(b, 3, (long) s * s);
        NDArray grey = m.create(ColorMatrices.GREY, new Shape(1, 1, 3));
        for (int stage = 0; stage < 4; stage++) {
            float[] a = new float[b * 9];
            float[] pull = new float[b];
            float[] shifts = new float[b];
            boolean[] hueHere = new boolean[b];
            boolean anyLinear = false;
            boolean anyHue = false;
            for (int i = 0; i < b; i++) {
                ViewParams p = params.get(i);
                float[] mat = ColorMatrices.identity();
                if (p.jittered()) {
                    int op = p.jitterOrder()[stage];
                    if (op == ViewParams.HUE) {
                        hueHere[i] = p.hue() != 0;
                        shifts[i] = (float) p.hue();
                        anyHue |= hueHere[i];
                    } else {
                        mat = switch (op) {
                            case ViewParams.BRIGHTNESS -> ColorMatrices.brightness(p.brightness());
                            case ViewParams.CONTRAST -> ColorMatrices.contrastScale(p.contrast());
                            default -> ColorMatrices.saturation(p.saturation());
                        };
                        if (op == ViewParams.CONTRAST) {
                            pull[i] = (float) (1 - p.contrast());
                        }
                        anyLinear = true;
                    }
                }
                System.arraycopy(mat, 0, a, i * 9, 9);
            }
            if (anyLinear) {
                NDArray mats = m.create(a, new Shape(b, 3, 3));
                NDArray meanGrey = grey.matMul(x).mean(new int[] {2}, true);
                NDArray offsets = m.create(pull, new Shape(b, 1, 1)).mul(meanGrey);
                x = mats.matMul(x).add(offsets).clip(0, 1);
            }
            if (anyHue) {
                NDArray turned = HueShift.apply(x, m.create(shifts, new Shape(b, 1)));
                NDArray mask = m.create(hueHere, new Shape(b, 1, 1)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                x = x.add(turned.sub(x).mul(mask));
            }
        }
        return x.reshape(b, 3, s, s);
    }

    private static NDArray grayscale(NDManager m, NDArray views, List<ViewParams> params, int s) {
        int b = params.size();
        if (params.stream().noneMatch(ViewParams::grayscale)) {
            return views;
        }
        float[] g = new float[b * 9];
        for (int i = 0; i < b; i++) {
            System.arraycopy(params.get(i).grayscale() ? ColorMatrices.grayscale() : ColorMatrices.identity(), 0, g, i * 9, 9);
        }
        NDArray x = views.reshape(b, 3, (long) s * s);
        return m.create(g, new Shape(b, 3, 3)).matMul(x).clip(0, 1).reshape(b, 3, s, s);
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
            Arrays.fill(one, 0f);
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

    private static NDArray solarize(NDManager m, NDArray x, List<ViewParams> params, float threshold) {
        int b = params.size();
        if (params.stream().noneMatch(ViewParams::solarize)) {
            return x;
        }
        float[] on = new float[b];
        for (int i = 0; i < b; i++) {
            on[i] = params.get(i).solarize() ? 1f : 0f;
        }
        // x ↦ 1 − x where the view fired and x ≥ threshold: x + mask·(1 − 2x)
        NDArray mask = x.gte(threshold).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(m.create(on, new Shape(b, 1, 1, 1)));
        return x.add(mask.mul(x.mul(-2f).add(1f)));
    }

    private static void transposeInto(float[] src, int rows, int cols, float[] dst, int offset) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[offset + c * rows + r] = src[r * cols + c];
            }
        }
    }
}
