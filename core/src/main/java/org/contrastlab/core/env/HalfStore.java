package org.contrastlab.core.env;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Mixed precision for a training step ({@code --precision fp16}): the networks compute in
 * float16 while their weights, gradients, optimizer state, EMA teachers and checkpoints stay
 * float32.
 *
 * <p>DJL 0.35.1 offers no bfloat16 and its {@code toType} records no gradient (its JNI casts
 * under a no-grad guard), so the float16 copies are made the one way libtorch records: an
 * in-place add of the float32 weight into a float16 zero array ({@code copy.addi(w)} keeps the
 * float16 type, and its backward casts the gradient back to float32 for {@code w}). Made inside
 * the step's gradient collector, every weight's float32 gradient arrives where the optimizer
 * reads it. Batch-norm and layer-norm parameters (gamma, beta, running statistics) are not
 * copied: libtorch normalises float16 input with float32 parameters and keeps the running
 * statistics in float32. {@link #toHalf} and {@link #toFloat} move activations between the two
 * the same way, so the losses are computed in float32.
 */
public final class HalfStore extends ParameterStore {
    private final Collection<Block> networks;
    private final Map<String, NDArray> copies = new HashMap<>();

    /** @param networks every network a step runs (students and teachers) */
    public HalfStore(NDManager manager, Collection<Block> networks) {
        super(manager, false);
        this.networks = networks;
    }

    /** Makes this step's float16 copies of the weights, in {@code scope}; call inside the gradient collector, before the forward passes. */
    public void refresh(NDManager scope) {
        copies.clear();
        for (Block b : networks) {
            for (Parameter p : b.getParameters().values()) {
                if (!normalisation(p) && !copies.containsKey(p.getId())) {
                    copies.put(p.getId(), toHalf(Scopes.view(p.getArray(), scope)));
                }
            }
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray copy = parameter == null ? null : copies.get(parameter.getId());
        return copy != null ? copy : super.getValue(parameter, device, training);
    }

    /** {@code x} as float16, the gradient flowing back to it (float16 input is returned as it is). */
    public static NDArray toHalf(NDArray x) {
        return cast(x, DataType.FLOAT16);
    }

    /** {@code x} as float32, the gradient flowing back to it. */
    public static NDArray toFloat(NDArray x) {
        return cast(x, DataType.FLOAT32);
    }

    private static NDArray cast(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        NDArray out = x.getManager().zeros(x.getShape(), type);
        out.addi(x);
        return out;
    }

    private static boolean normalisation(Parameter p) {
        Parameter.Type t = p.getType();
        return t == Parameter.Type.GAMMA || t == Parameter.Type.BETA || t == Parameter.Type.RUNNING_MEAN
                || t == Parameter.Type.RUNNING_VAR;
    }
}
