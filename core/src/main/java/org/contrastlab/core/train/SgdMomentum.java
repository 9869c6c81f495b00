package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code v ← μ·v + (g + λ·w)},
 * {@code w ← w − η·v}, one fused native call per parameter (DJL's {@code sgdUpdate}, which also
 * zeroes the gradient). Weight decay λ applies to weight matrices and kernels only; biases and
 * normalisation scales and shifts (1-d parameters) are not decayed.
 */
public final class SgdMomentum {
    private final List<Slot> slots = new ArrayList<>();
    private final float momentum;
    private final float weightDecay;

    private record Slot(String name, Parameter parameter, NDArray velocity, boolean decay) {
    }

    public SgdMomentum(List<Block> blocks, NDManager stateManager, double momentum, double weightDecay) {
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                Parameter param = p.getValue();
                if (!param.requiresGradient()) {
                    continue;
                }
                NDArray w = param.getArray();
                NDArray v = stateManager.zeros(w.getShape(), w.getDataType());
                slots.add(new Slot(p.getKey(), param, v, w.getShape().dimension() > 1));
            }
        }
    }

    /** Applies one update with learning rate {@code lr} and clears the gradients. */
    public void step(double lr) {
        for (Slot s : slots) {
            NDArray w = s.parameter().getArray();
            try (NDArray g = w.getGradient()) {
                w.getNDArrayInternal().sgdUpdate(new NDList(w, g, s.velocity()), new NDList(w), (float) lr,
                        s.decay() ? weightDecay : 0f, 1f, -1f, momentum, true);
            }
        }
    }
}
