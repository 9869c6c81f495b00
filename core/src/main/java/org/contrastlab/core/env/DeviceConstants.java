package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbers a step multiplies by (momentum, learning rate, bias corrections), each made once
 * as a float32 0-d tensor on the step's device by libtorch ({@code torch.full}: a fill kernel)
 * and kept in the step's scope. DJL's own arithmetic with a Java number ({@code v.muli(0.9f)})
 * copies the number to the device every call, and libtorch's copy from the host waits for the
 * device to finish all its queued work: on a GPU each such call stops the host from running
 * ahead. An optimizer over a ResNet-18 makes hundreds of them per step.
 */
public final class DeviceConstants {
    private final NDManager scope;
    private final Map<Double, NDArray> made = new HashMap<>();

    public DeviceConstants(NDManager scope) {
        this.scope = scope;
    }

    /** {@code v} as a float32 0-d array on the scope's device (the same array for the same value). */
    public NDArray of(double v) {
        return made.computeIfAbsent(v, x -> scope.full(new Shape(), (float) (double) x));
    }
}
