package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.Scalars;

/**
 * Makes one view per image of a batch on the batch's device, each with its own parameters,
 * in the order of the torchvision pipelines of the references: crop+resize+flip, colour
 * jitter (per-sample op order), blur, RandAugment (InfoMin's views only), grayscale, solarize.
 * (The SimCLR-style references grey before they blur; both are linear and keep values in
 * [0, 1], so the two orders give the same views, and this one is PyContrast's for InfoMin.)
 * Pixel values are in [0, 1] and clamped after every colour op, as torchvision's functional
 * ops do.
 *
 * <p>Crop and resize are per-sample matrices along rows and columns applied with batched matrix
 * products; blur is a per-sample separable convolution; brightness, contrast, saturation and
 * grayscale are per-sample 3×3 matrices; hue is an element-wise HSV turn and solarize an
 * element-wise mask. A whole batch costs a fixed
 * number of native calls whatever its size.
 */
public final class BatchAugmenter {

    /** The ops in the order they are applied; a pipeline can stop after any of them. */
    public enum Stage {
        CROP, FLIP, JITTER, BLUR, RANDAUGMENT, GRAYSCALE, SOLARIZE
    }

    private BatchAugmenter() {
    }

    /**
     * @param images float32 (B, 3, H, W) in [0, 1]; with B = 1, every view is cut from that one image
     * @param params one entry per image (or per view of the one image)
     * @param group the settings the parameters were drawn with (size, filter, kernel, threshold)
     * @return float32 (B, 3, S, S) in [0, 1], owned by the images' manager
     */
    public static NDArray apply(NDArray images, ViewDraws params, ViewGroup group) {
        return apply(images, params, group, Stage.SOLARIZE);
    }

    /** As {@link #apply(NDArray, ViewDraws, ViewGroup)}, with the parameters as objects (previews, tests). */
    public static NDArray apply(NDArray images, List<ViewParams> params, ViewGroup group) {
        return apply(images, ViewDraws.of(params), group, Stage.SOLARIZE);
    }

    /** The views after the ops up to and including {@code last}: one step of the pipeline. */
    public static NDArray apply(NDArray images, ViewDraws params, ViewGroup group, Stage last) {
        return apply(images, params, group, last, images.getDevice().isGpu());
    }

    /**
     * As {@link #apply(NDArray, ViewDraws, ViewGroup, Stage)}, saying where the crop matrices are
     * built: on the device from the crop boxes (a GPU's way) or on the host and sent whole (the
     * CPU's); the two give the same views.
     */
    public static NDArray apply(NDArray images, ViewDraws params, ViewGroup group, Stage last, boolean matricesOnDevice) {
        HostPack pack = new HostPack();
        AugmentPlan plan = plan(images, params, group, last, matricesOnDevice, pack);
        return apply(images, plan, pack.upload(images.getManager()));
    }

    /** The host half for a batch of {@code images}: its numbers added to {@code pack}, to be sent with others. */
    public static AugmentPlan plan(NDArray images, ViewDraws params, ViewGroup group, Stage last, boolean matricesOnDevice,
                                   HostPack pack) {
        Shape shape = images.getShape();
        int b = (int) shape.get(0);
        if (params.size() != b && b != 1) {
            throw new IllegalArgumentException(params.size() + " view parameters for a batch of " + b);
        }
        return plan(params, group, last, (int) shape.get(2), (int) shape.get(3), matricesOnDevice, pack);
    }

    /**
     * The host half for views of {@code height}×{@code width} images; {@code matricesOnDevice}:
     * send the crop boxes and build the matrices on the device (for a GPU), or build them here.
     */
    public static AugmentPlan plan(ViewDraws params, ViewGroup group, Stage last, int height, int width,
                                   boolean matricesOnDevice, HostPack pack) {
        return AugmentPlan.of(params, group, last, height, width, matricesOnDevice, pack);
    }

    /**
     * The device half: the views of {@code images} as {@code plan} says, reading its numbers from
     * the uploaded pack. No number goes from the host to the device here.
     */
    public static NDArray apply(NDArray images, AugmentPlan plan, HostPack.Uploaded sent) {
        int s = plan.group.size();
        NDArray x = cropResizeFlip(images, plan, sent);
        if (plan.jitter) {
            x = jitter(x, plan, sent);
        }
        if (plan.taps != AugmentPlan.NONE) {
            x = blur(x, sent.get(plan.taps), plan.count, s, plan.group.blurKernelSize());
        }
        if (plan.randAugment != null) {
            x = RandAugmentOps.apply(x, plan.randAugment, sent);
        }
        if (plan.grayscale != AugmentPlan.NONE) {
            NDArray flat = x.reshape(plan.count, 3, (long) s * s);
            x = sent.get(plan.grayscale).matMul(flat).clip(0, 1).reshape(plan.count, 3, s, s);
        }
        if (plan.solarize != AugmentPlan.NONE) {
            // x ↦ 1 − x where the view fired and x ≥ threshold: x + mask·(1 − 2x)
            NDArray mask = Scalars.gte(x, plan.group.solarizeThreshold()).toType(DataType.FLOAT32, false).mul(sent.get(plan.solarize));
            x = x.add(mask.mul(Scalars.add(Scalars.mul(x, -2), 1)));
        }
        return x;
    }

    private static NDArray cropResizeFlip(NDArray images, AugmentPlan plan, HostPack.Uploaded sent) {
        int b = plan.count;
        int h = plan.height;
        int w = plan.width;
        int s = plan.group.size();
        NDArray rows;
        NDArray cols;
        if (plan.matricesOnDevice) {
            // on a GPU only the boxes travel and the matrices are built there; on the CPU building
            // them in Java is faster (bench augment: 7,900 against 5,900 views/s)
            NDArray both = sent.get(plan.boxes).toType(DataType.FLOAT64, false);
            rows = ResampleMatrices.cropOnDevice(both.get(":" + b), s, h, plan.group.interpolation());
            cols = ResampleMatrices.cropOnDevice(both.get(b + ":"), s, w, plan.group.interpolation());
        } else {
            rows = sent.get(plan.rows);
            cols = sent.get(plan.cols);
        }
        NDArray out = rows.reshape(b, 1, s, h).matMul(images).matMul(cols.transpose(0, 2, 1).reshape(b, 1, w, s));
        // a cubic filter over- and undershoots; PIL stores the result in 8 bits, clamped
        return plan.group.interpolation() == Interpolation.BICUBIC ? out.clip(0, 1) : out;
    }

    private static NDArray jitter(NDArray views, AugmentPlan plan, HostPack.Uploaded sent) {
        int b = plan.count;
        int s = plan.group.size();
        NDArray x = views.reshape(b, 3, (long) s * s);
        if (plan.order != AugmentPlan.NONE) {
            x = x.get(sent.get(plan.order));
        }
        for (int stage = 0; stage < plan.matrices.length; stage++) {
            if (plan.matrices[stage] != AugmentPlan.NONE) {
                NDArray moved = sent.get(plan.matrices[stage]).matMul(x);
                if (plan.pulls[stage] != AugmentPlan.NONE) {
                    // contrast pulls towards the mean grey level of the image: grey · (channel means)
                    NDArray meanGrey = sent.get(plan.grey).matMul(x.mean(new int[] {2}, true));
                    moved = moved.add(sent.get(plan.pulls[stage]).mul(meanGrey));
                }
                x = moved.clip(0, 1);
            }
            if (plan.hueShifts[stage] != AugmentPlan.NONE) {
                NDIndex block = new NDIndex(plan.hueFrom[stage] + ":" + plan.hueTo[stage]);
                x.set(block, HueShift.apply(x.get(block), sent.get(plan.hueShifts[stage]), sent.get(plan.sectors)));
            }
        }
        if (plan.back != AugmentPlan.NONE) {
            x = x.get(sent.get(plan.back));
        }
        return x.reshape(b, 3, s, s);
    }

    /**
     * The Gaussian blur as two grouped 1-D convolutions (rows, then columns) over reflect-padded
     * views (torchvision's "reflect" padding), one kernel per sample (a unit impulse for the
     * views it did not fire on).
     */
    private static NDArray blur(NDArray x, NDArray vertical, int b, int s, int kernel) {
        int r = kernel / 2;
        NDArray planes = x.reshape(1, (long) b * 3, s, s);
        NDArray horizontal = vertical.reshape((long) b * 3, 1, 1, kernel);
        Shape one = new Shape(1, 1);
        Shape none = new Shape(0, 0);
        NDArray y = Conv2d.conv2d(reflect(planes, 2, r, s), vertical, null, one, none, one, b * 3).singletonOrThrow();
        y = Conv2d.conv2d(reflect(y, 3, r, s), horizontal, null, one, none, one, b * 3).singletonOrThrow();
        return y.reshape(b, 3, s, s);
    }

    /** {@code x} padded by {@code r} on both sides of {@code axis} with mirrored samples (no edge repeat). */
    private static NDArray reflect(NDArray x, int axis, int r, int s) {
        if (r == 0) {
            return x;
        }
        String before = axis == 2 ? ":, :, 1:" + (r + 1) : ":, :, :, 1:" + (r + 1);
        String after = axis == 2 ? ":, :, " + (s - 1 - r) + ":" + (s - 1) : ":, :, :, " + (s - 1 - r) + ":" + (s - 1);
        return NDArrays.concat(new NDList(x.get(before).flip(axis), x, x.get(after).flip(axis)), axis);
    }
}
