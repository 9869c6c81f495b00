package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.contrastlab.core.env.DeviceConstants;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.NoGrad;

/**
 * Dynamic loss scaling for float16 steps, decided on the device (no read back): PyTorch's
 * {@code GradScaler} rule. The loss is multiplied by the scale before the backward pass, so that
 * small gradients survive float16; after it the gradients are divided by the scale. A step whose
 * gradients hold an infinity or NaN (float16 overflowed) is dropped: its gradients become 0 and
 * the scale halves; after {@link #GROWTH_INTERVAL} clean steps in a row it doubles. Unlike
 * PyTorch's, a dropped step still lets momentum and weight decay act (the optimizers take no
 * device-side switch); its gradient counts as 0.
 */
final class LossScaler {
    /** PyTorch's start: overflowing first steps are dropped until the scale fits (a few halvings). */
    static final float INITIAL = 65536f;
    static final int GROWTH_INTERVAL = 2000;
    private static final NDIndex ALL = new NDIndex(":");

    /** 0-d float32: the scale, and the count of clean steps since it last changed. */
    private final NDArray scale;
    private final NDArray clean;
    /** The two as one-element views, for checkpoints (a 0-d array cannot be written into by index). */
    private final List<NDArray> state;
    private final DeviceValue shown = new DeviceValue();

    LossScaler(NDManager manager, float initial) {
        this.scale = manager.full(new Shape(), initial);
        this.clean = manager.zeros(new Shape());
        this.state = List.of(scale.reshape(1), clean.reshape(1));
    }

    /** The loss times the scale, to back-propagate. */
    NDArray scaled(NDArray loss) {
        return loss.mul(scale);
    }

    /**
     * Divides the gradients by the scale, drops them if any is not finite, and updates the
     * scale; all on the device.
     */
    void unscale(List<Block> blocks, NDManager scope) {
        try (NoGrad off = NoGrad.enter()) {
            DeviceConstants k = new DeviceConstants(scope);
            NDArray inverse = k.of(1).div(scale);
            NDArray bad = scope.zeros(new Shape());
            List<NDArray> gradients = GradientClipping.gradients(blocks, scope);
            for (NDArray g : gradients) {
                // NaN and ±∞ make the sum of g·0 NaN: one flag for the whole tensor
                bad = bad.add(g.mul(k.of(0)).sum());
                g.muli(inverse);
            }
            NDArray overflow = bad.isNaN();
            NDArray keep = k.of(1).sub(overflow.toType(DataType.FLOAT32, false));
            for (NDArray g : gradients) {
                // ×0 would keep a NaN: where() replaces the whole tensor on a dropped step
                g.set(ALL, NDArrays.where(overflow.broadcast(g.getShape()), g.zerosLike(), g));
            }
            NDArray steps = clean.add(keep).mul(keep);
            NDArray grow = steps.gte(k.of(GROWTH_INTERVAL)).toType(DataType.FLOAT32, false);
            NDArray factor = k.of(0.5).add(keep.mul(k.of(0.5))).mul(k.of(1).add(grow));
            scale.muli(factor);
            clean.subi(clean).addi(steps.mul(k.of(1).sub(grow)));
            shown.set(scale.duplicate());
        }
    }

    /** The scale after the last step (read back when asked). */
    double current() {
        return shown.get();
    }

    /** The scale and clean-step count, for checkpoints. */
    List<NDArray> state() {
        return state;
    }
}
