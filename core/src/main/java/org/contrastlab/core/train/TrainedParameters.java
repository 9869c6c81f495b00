package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.contrastlab.core.env.Scopes;

/**
 * The parameters an optimizer trains, each with the block it belongs to, whether it is decayed
 * (more than one dimension) and its buffers; shared by the optimizers.
 */
final class TrainedParameters {
    record Slot(String name, Block block, Parameter parameter, boolean decayed, NDArray[] buffers) {
        /** The parameter's array as a view owned by {@code scope}: ops on it put their results there. */
        NDArray weights(NDManager scope) {
            return Scopes.view(parameter.getArray(), scope);
        }

        /** The gradient, owned by {@code scope}. */
        NDArray gradient(NDManager scope) {
            NDArray g = parameter.getArray().getGradient();
            g.attach(scope);
            return g;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Set<Block> fixed;

    /** @param buffers how many zero buffers of each parameter's shape the optimizer keeps */
    TrainedParameters(List<Block> blocks, Set<Block> fixed, NDManager stateManager, int buffers) {
        this.fixed = fixed;
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                Parameter param = p.getValue();
                if (!param.requiresGradient()) {
                    continue;
                }
                NDArray w = param.getArray();
                NDArray[] bufs = new NDArray[buffers];
                for (int i = 0; i < buffers; i++) {
                    bufs[i] = stateManager.zeros(w.getShape(), w.getDataType());
                }
                slots.add(new Slot(p.getKey(), b, param, w.getShape().dimension() > 1, bufs));
            }
        }
    }

    List<Slot> slots() {
        return slots;
    }

    double rate(Slot s, double lr, double peakLr) {
        return fixed.contains(s.block()) ? peakLr : lr;
    }

    List<NDArray> buffers() {
        List<NDArray> out = new ArrayList<>();
        for (Slot s : slots) {
            out.addAll(List.of(s.buffers()));
        }
        return out;
    }

    /** Clears the gradients of a frozen block's parameter. */
    static void drop(Slot s, NDManager scope) {
        NDArray g = s.gradient(scope);
        g.subi(g); // zero, without copying a number to the device
    }
}
