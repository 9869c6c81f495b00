package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.augment.RandAugment.Op;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.Scalars;

/**
 * The device half of RandAugment: each layer orders the batch by op, applies each op to its
 * block of views at once, and puts the views back in their order. The ops do what PIL's do in
 * PyContrast's {@code RandAugment.py}; those PIL defines on 8-bit levels (posterize, solarize,
 * solarize-add, autocontrast, equalize) work on the views rounded to levels, the others on the
 * floats. Warps are bilinear with PIL's sampling rule (a position outside the image takes the
 * fill, one inside reads its clamped neighbours); PyContrast picks bilinear or bicubic at random.
 */
final class RandAugmentOps {
    private static final int LEVELS = 255;

    private RandAugmentOps() {
    }

    /** {@code x} (B, 3, S, S) in [0, 1] after every layer of {@code plan}. */
    static NDArray apply(NDArray x, RandAugmentPlan plan, HostPack.Uploaded sent) {
        for (RandAugmentPlan.Layer layer : plan.layers) {
            NDArray ordered = x.get(sent.get(layer.order()));
            List<NDArray> blocks = new ArrayList<>();
            int done = 0;
            for (Op op : Op.values()) {
                int o = op.ordinal();
                if (layer.to()[o] > layer.from()[o]) {
                    NDArray block = ordered.get(layer.from()[o] + ":" + layer.to()[o]);
                    NDArray args = layer.args()[o] == RandAugmentPlan.NONE ? null : sent.get(layer.args()[o]);
                    blocks.add(op(op, block, args, plan, sent));
                    done = layer.to()[o];
                }
            }
            if (done < ordered.getShape().get(0)) {
                blocks.add(ordered.get(done + ":"));
            }
            NDArray joined = blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(new NDList(blocks), 0);
            x = joined.get(sent.get(layer.back()));
        }
        return x;
    }

    private static NDArray op(Op op, NDArray x, NDArray a, RandAugmentPlan plan, HostPack.Uploaded sent) {
        return switch (op) {
            case INVERT -> Scalars.add(x.neg(), 1);
            case POSTERIZE -> unit(levels(x).div(a).floor().mul(a));
            case SOLARIZE -> {
                NDArray l = levels(x);
                yield unit(NDArrays.where(l.gte(a), Scalars.add(l.neg(), LEVELS), l));
            }
            case SOLARIZE_ADD -> {
                NDArray l = levels(x);
                yield unit(NDArrays.where(Scalars.lt(l, 128), l.add(a).clip(0, LEVELS), l));
            }
            case BRIGHTNESS -> x.mul(a).clip(0, 1);
            case COLOR -> blend(grey(x, plan, sent), x, a);
            case CONTRAST -> {
                NDArray g = grey(x, plan, sent);
                long n = g.getShape().get(0);
                yield blend(g.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1), x, a);
            }
            case SHARPNESS -> blend(smoothed(x, plan, sent), x, a);
            case AUTO_CONTRAST -> autoContrast(x);
            case EQUALIZE -> equalize(x, plan, sent);
            default -> warp(x, a, plan, sent);
        };
    }

    /** PIL's {@code Image.blend(degenerate, x, f)}: degenerate + f·(x − degenerate), clamped. */
    private static NDArray blend(NDArray degenerate, NDArray x, NDArray f) {
        return degenerate.add(x.sub(degenerate).mul(f)).clip(0, 1);
    }

    /** The views' grey (PIL's weights), (n, 1, S, S). */
    private static NDArray grey(NDArray x, RandAugmentPlan plan, HostPack.Uploaded sent) {
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0), 3, s.get(2) * s.get(3));
        return sent.get(plan.grey).matMul(flat).reshape(s.get(0), 1, s.get(2), s.get(3));
    }

    /** PIL's SMOOTH filter, which leaves the border pixels as they are. */
    private static NDArray smoothed(NDArray x, RandAugmentPlan plan, HostPack.Uploaded sent) {
        Shape s = x.getShape();
        long n = s.get(0);
        int size = plan.size;
        NDArray part = sent.get(plan.smooth);
        NDArray kernel = part.get(":9").reshape(1, 1, 3, 3).repeat(0, n * 3);
        NDArray inner = part.get("9:").reshape(1, 1, size, size);
        Shape one = new Shape(1, 1);
        NDArray planes = x.reshape(1, n * 3, size, size);
        NDArray conv = Conv2d.conv2d(planes, kernel, null, one, one, one, (int) (n * 3)).singletonOrThrow().reshape(n, 3, size, size);
        return conv.mul(inner).add(x.mul(Scalars.add(inner.neg(), 1)));
    }

    /** PIL's {@code ImageOps.autocontrast}: each channel's lowest level to 0 and highest to 255, truncated. */
    private static NDArray autoContrast(NDArray x) {
        Shape s = x.getShape();
        NDArray l = levels(x).reshape(s.get(0), 3, -1);
        NDArray lo = l.min(new int[] {2}, true);
        NDArray range = l.max(new int[] {2}, true).sub(lo);
        NDArray stretched = Scalars.mul(l.sub(lo), LEVELS).div(Scalars.maximum(range, 1)).floor().clip(0, LEVELS);
        return unit(NDArrays.where(Scalars.gte(range, 1).broadcast(l.getShape()), stretched, l)).reshape(s);
    }

    /**
     * PIL's {@code ImageOps.equalize} per channel: with h the channel's histogram of levels and
     * step = (pixels − h[highest level present]) // 255, a level v becomes
     * (step // 2 + pixels below v) // step; a channel with one level or step 0 stays. The count
     * below each pixel's level comes from one {@code unique} over (row, level) keys.
     */
    private static NDArray equalize(NDArray x, RandAugmentPlan plan, HostPack.Uploaded sent) {
        Shape s = x.getShape();
        long rows = s.get(0) * 3;
        long pixels = s.get(2) * s.get(3);
        NDArray l = levels(x).reshape(rows, pixels);
        NDArray offsets = sent.get(plan.rowOffsets).get(":" + rows).reshape(rows, 1);
        NDArray keys = l.toType(DataType.INT64, false).add(offsets).reshape(-1);
        NDList u = keys.unique(null, true, true, true);
        NDArray counts = u.get(2).toType(DataType.FLOAT32, false);
        NDArray before = counts.cumSum(0).sub(counts);
        NDArray rowStart = Scalars.mul(offsets.toType(DataType.FLOAT32, false), (double) pixels / 256);
        NDArray below = before.get(u.get(1)).reshape(rows, pixels).sub(rowStart);
        NDArray top = l.max(new int[] {1}, true);
        NDArray atTop = l.eq(top).toType(DataType.FLOAT32, false).sum(new int[] {1}, true);
        NDArray step = Scalars.div(Scalars.add(atTop.neg(), pixels), LEVELS).floor();
        NDArray safe = Scalars.maximum(step, 1);
        NDArray mapped = Scalars.div(step, 2).floor().add(below).div(safe).floor().clip(0, LEVELS);
        NDArray keep = Scalars.gte(step, 1).logicalAnd(l.min(new int[] {1}, true).lt(top));
        return unit(NDArrays.where(keep.broadcast(l.getShape()), mapped, l).reshape(s));
    }

    /** A bilinear warp by per-view matrices from output pixel centres to input positions, PIL's sampling rule. */
    private static NDArray warp(NDArray x, NDArray matrices, RandAugmentPlan plan, HostPack.Uploaded sent) {
        Shape s = x.getShape();
        long n = s.get(0);
        int size = plan.size;
        NDArray at = matrices.matMul(sent.get(plan.grid));
        NDArray sx = at.get(":, 0, :");
        NDArray sy = at.get(":, 1, :");
        NDArray inside = Scalars.gte(sx, 0).logicalAnd(Scalars.lt(sx, size))
                .logicalAnd(Scalars.gte(sy, 0)).logicalAnd(Scalars.lt(sy, size));
        NDArray u = Scalars.sub(sx, 0.5);
        NDArray v = Scalars.sub(sy, 0.5);
        NDArray x0 = u.floor();
        NDArray y0 = v.floor();
        NDArray dx = u.sub(x0).reshape(n, 1, -1);
        NDArray dy = v.sub(y0).reshape(n, 1, -1);
        NDArray flat = x.reshape(n, 3, (long) size * size);
        NDArray top = lerp(sample(flat, x0, y0, 0, 0, size), sample(flat, x0, y0, 1, 0, size), dx);
        // PIL reads the lower row only where it exists, else repeats the upper one
        NDArray lower = lerp(sample(flat, x0, y0, 0, 1, size), sample(flat, x0, y0, 1, 1, size), dx);
        NDArray hasLower = Scalars.lt(Scalars.add(y0, 1), size).toType(DataType.FLOAT32, false).reshape(n, 1, -1);
        NDArray out = lerp(top, lerp(top, lower, hasLower), dy);
        Shape flatShape = new Shape(n, 3, (long) size * size);
        NDArray filled = NDArrays.where(inside.reshape(n, 1, -1).broadcast(flatShape), out, sent.get(plan.fill).broadcast(flatShape));
        return filled.reshape(s);
    }

    /** The pixels at the clamped (x0 + ox, y0 + oy), (n, 3, S·S). */
    private static NDArray sample(NDArray flat, NDArray x0, NDArray y0, int ox, int oy, int size) {
        NDArray xi = Scalars.add(x0, ox).clip(0, size - 1);
        NDArray yi = Scalars.add(y0, oy).clip(0, size - 1);
        NDArray index = Scalars.mul(yi, size).add(xi).toType(DataType.INT64, false);
        long n = flat.getShape().get(0);
        return flat.gather(index.reshape(n, 1, -1).repeat(1, 3), 2);
    }

    private static NDArray lerp(NDArray a, NDArray b, NDArray t) {
        return a.add(b.sub(a).mul(t));
    }

    /** The views as 8-bit levels (rounded), as floats. */
    private static NDArray levels(NDArray x) {
        return Scalars.add(Scalars.mul(x.clip(0, 1), LEVELS), 0.5).floor();
    }

    private static NDArray unit(NDArray levels) {
        return Scalars.div(levels, LEVELS);
    }
}
