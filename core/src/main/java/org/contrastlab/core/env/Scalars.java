package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic with a number that is safe inside a graph that will be back-propagated.
 *
 * <p>DJL's {@code x.mul(2f)}, {@code div}, {@code pow}, {@code maximum} and {@code minimum} with
 * a {@code Number} make a 0-d tensor over a Java direct buffer (libtorch's {@code from_blob},
 * which does not own the memory), use it, and close it at once. Autograd keeps that tensor for
 * the backward pass ({@code MulBackward} needs the factor), but nothing keeps the buffer: a
 * garbage collection between the forward and the backward pass frees it, and the gradient is
 * computed from whatever the memory holds then (NaN, ∞ or a wrong factor, now and then, on the
 * CPU; a collection forced there made every method's second step diverge). The tensors made
 * here are allocated by libtorch ({@code torch.full}), so the graph's reference keeps them
 * alive. Ops whose backward does not read the number ({@code add}, {@code sub}) and ops outside
 * a recorded graph are safe from that with DJL's own, but on a GPU every one of DJL's also
 * copies the number from the host, which waits for the device (see {@code DeviceConstants}):
 * the step's code uses these for all of them ({@code StepCodeTest} checks).
 */
public final class Scalars {
    private Scalars() {
    }

    public static NDArray mul(NDArray x, double v) {
        return with(x, v, NDArray::mul);
    }

    public static NDArray div(NDArray x, double v) {
        return with(x, v, NDArray::div);
    }

    public static NDArray add(NDArray x, double v) {
        return with(x, v, NDArray::add);
    }

    public static NDArray sub(NDArray x, double v) {
        return with(x, v, NDArray::sub);
    }

    public static NDArray pow(NDArray x, double v) {
        return with(x, v, NDArray::pow);
    }

    public static NDArray mod(NDArray x, double v) {
        return with(x, v, NDArray::mod);
    }

    public static NDArray maximum(NDArray x, double v) {
        return with(x, v, NDArray::maximum);
    }

    /** {@code x ≥ v}, a boolean array. */
    public static NDArray gte(NDArray x, double v) {
        return with(x, v, NDArray::gte);
    }

    /** {@code x < v}, a boolean array. */
    public static NDArray lt(NDArray x, double v) {
        return with(x, v, NDArray::lt);
    }

    private static NDArray with(NDArray x, double v, BinaryOperator<NDArray> op) {
        try (NDArray s = of(x, v)) {
            return op.apply(x, s);
        }
    }

    /** A 0-d tensor of {@code x}'s type on its device, owned by libtorch. */
    private static NDArray of(NDArray x, double v) {
        return x.getManager().full(new Shape(), (float) v, x.getDataType());
    }
}
