package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * torchvision's {@code adjust_hue} on a batch, with one shift per sample: RGB to HSV (as
 * {@code _rgb2hsv} computes it), the hue turned by the sample's factor modulo 1, and back to
 * RGB with the closed form {@code c = v − v·s·clamp(min(k, 4 − k), 0, 1)}, k = (n + 6h) mod 6,
 * n = 5, 3, 1 for R, G, B, which equals {@code _hsv2rgb}'s six-sector table.
 */
final class HueShift {
    private HueShift() {
    }

    /**
     * @param x float (B, 3, P) in [0, 1]
     * @param shift float (B, 1), each in [−0.5, 0.5]
     * @return float (B, 3, P) in [0, 1]
     */
    static NDArray apply(NDArray x, NDArray shift) {
        NDArray r = x.get(":, 0, :");
        NDArray g = x.get(":, 1, :");
        NDArray b = x.get(":, 2, :");
        NDArray maxc = x.max(new int[] {1});
        NDArray minc = x.min(new int[] {1});
        NDArray flat = maxc.eq(minc);
        NDArray ones = maxc.onesLike();
        NDArray chroma = maxc.sub(minc);
        NDArray sat = chroma.div(NDArrays.where(flat, ones, maxc));
        NDArray divisor = NDArrays.where(flat, ones, chroma);
        NDArray rc = maxc.sub(r).div(divisor);
        NDArray gc = maxc.sub(g).div(divisor);
        NDArray bc = maxc.sub(b).div(divisor);
        NDArray isR = maxc.eq(r);
        NDArray isG = maxc.eq(g).logicalAnd(isR.logicalNot());
        NDArray isB = isR.logicalOr(isG).logicalNot();
        NDArray hue = isR.toType(DataType.FLOAT32, false).mul(bc.sub(gc))
                .add(isG.toType(DataType.FLOAT32, false).mul(rc.sub(bc).add(2f)))
                .add(isB.toType(DataType.FLOAT32, false).mul(gc.sub(rc).add(4f)));
        hue = hue.div(6f).add(1f).mod(1f).add(shift).mod(1f).mul(6f);
        NDArray vs = maxc.mul(sat);
        NDArray red = channel(maxc, vs, hue, 5f);
        NDArray green = channel(maxc, vs, hue, 3f);
        NDArray blue = channel(maxc, vs, hue, 1f);
        return NDArrays.stack(new ai.djl.ndarray.NDList(red, green, blue), 1).clip(0, 1);
    }

    private static NDArray channel(NDArray v, NDArray vs, NDArray hue6, float n) {
        NDArray k = hue6.add(n).mod(6f);
        NDArray ramp = k.minimum(k.neg().add(4f)).clip(0, 1);
        return v.sub(vs.mul(ramp));
    }
}
