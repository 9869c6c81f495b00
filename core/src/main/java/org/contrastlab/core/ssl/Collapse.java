package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * The collapse monitor (SimSiam, section 4.1): the standard deviation over the batch of the
 * L2-normalised outputs, averaged over the dimensions. About 1/√d when the outputs spread
 * over the sphere; 0 when every image maps to the same point.
 */
public final class Collapse {
    private Collapse() {
    }

    /** @param z (B, d) outputs, B ≥ 2 */
    public static double std(NDArray z) {
        return onDevice(z).getFloat();
    }

    /** {@link #std} as a 0-d array on z's device, not read back (see {@code DeviceValue}). */
    public static NDArray onDevice(NDArray z) {
        NDArray unit = z.div(Scalars.maximum(z.norm(new int[] {1}, true), 1e-12f));
        NDArray centred = unit.sub(unit.mean(new int[] {0}, true));
        long b = z.getShape().get(0);
        // torch.std's unbiased estimate, as SimSiam's monitor
        return Scalars.div(centred.square().sum(new int[] {0}), (float) (b - 1)).sqrt().mean();
    }
}
