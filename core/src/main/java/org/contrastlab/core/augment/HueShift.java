package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import org.contrastlab.core.env.Scalars;

/**
 * torchvision's {@code adjust_hue} on a batch, with one shift per sample. With v = max, m = min
 * and chroma c = v − m of a pixel, the hue in sixths of a turn is (g − b)/c where R is the
 * maximum, 2 + (b − r)/c where G is, else 4 + (r − g)/c (torchvision's {@code _rgb2hsv}); it is
 * turned by 6·shift modulo 6, and each channel comes back as
 * {@code v − c·clamp(min(k, 4 − k), 0, 1)}, k = (n + hue) mod 6, n = 5, 3, 1 for R, G, B,
 * which equals {@code _hsv2rgb}'s six-sector table (v·s = c). Saturation and value are kept.
 */
final class HueShift {
    /** Added to the chroma before dividing: grey pixels (c = 0) get hue 0, as in torchvision. */
    private static final float TINY = 1e-12f;
    private static final NDIndex RED = new NDIndex(":, 0:1, :");
    private static final NDIndex GREEN = new NDIndex(":, 1:2, :");
    private static final NDIndex BLUE = new NDIndex(":, 2:3, :");

    private HueShift() {
    }

    /**
     * @param x float (B, 3, P) in [0, 1]
     * @param shift float (B, 1) or (B,), each in [−0.5, 0.5]
     * @param sectorOffsets float (1, 3, 1): 5, 3, 1 (sent with the step's other numbers)
     * @return float (B, 3, P) in [0, 1]
     */
    static NDArray apply(NDArray x, NDArray shift, NDArray sectorOffsets) {
        NDArray r = x.get(RED);
        NDArray g = x.get(GREEN);
        NDArray b = x.get(BLUE);
        // element-wise over the three planes: much faster than a reduction across the channel axis
        NDArray v = r.maximum(g).maximum(b);
        NDArray chroma = v.sub(r.minimum(g).minimum(b));
        NDArray safe = Scalars.add(chroma, TINY);
        NDArray fromR = g.sub(b).div(safe);
        NDArray fromG = Scalars.add(b.sub(r).div(safe), 2);
        NDArray fromB = Scalars.add(r.sub(g).div(safe), 4);
        NDArray sixths = NDArrays.where(v.eq(r), fromR, NDArrays.where(v.eq(g), fromG, fromB));
        // all three channels at once: k = (sixths + 6·shift + n) mod 6 with n = (5, 3, 1)
        NDArray k = Scalars.mod(sixths.add(Scalars.mul(shift, 6).reshape(-1, 1, 1)).add(sectorOffsets), 6);
        NDArray ramp = k.minimum(Scalars.add(k.neg(), 4)).clip(0, 1);
        return v.sub(chroma.mul(ramp)).clip(0, 1);
    }
}
