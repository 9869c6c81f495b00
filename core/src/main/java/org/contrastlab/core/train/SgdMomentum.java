package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code v ← μ·v + (g + λ·w)},
 * {@code w ← w − η·v}, one fused native call per parameter (DJL's {@code sgdUpdate}, which also
 * zeroes the gradient). Weight decay λ applies to weight matrices and kernels only; biases and
 * normalisation scales and shifts (1-d parameters) are not decayed. Blocks named as fixed keep
 * the peak learning rate (SimSiam's predictor); blocks frozen at a step are not updated and
 * their gradients are dropped (SwAV's first prototypes).
 */
public final class SgdMomentum {
    private final List<Slot> slots = new ArrayList<>();
    private final float momentum;
    private final float weightDecay;
    private final Set<Block> fixed;

    private record Slot(String name, Block block, Parameter parameter, NDArray velocity, boolean decay) {
    }

    public SgdMomentum(List<Block> blocks, NDManager stateManager, double momentum, double weightDecay) {
        this(blocks, Set.of(), stateManager, momentum, weightDecay);
    }

    public SgdMomentum(List<Block> blocks, Set<Block> fixed, NDManager stateManager, double momentum, double weightDecay) {
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.fixed = fixed;
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                Parameter param = p.getValue();
                if (!param.requiresGradient()) {
                    continue;
                }
                NDArray w = param.getArray();
                NDArray v = stateManager.zeros(w.getShape(), w.getDataType());
                slots.add(new Slot(p.getKey(), b, param, v, w.getShape().dimension() > 1));
            }
        }
    }

    /** The momentum buffers, one per trained parameter in a fixed order: the live arrays, for checkpoints. */
    public List<NDArray> state() {
        return slots.stream().map(Slot::velocity).toList();
    }

    /** Applies one update with learning rate {@code lr} and clears the gradients. */
    public void step(double lr) {
        step(lr, lr, Set.of());
    }

    /**
     * One update: {@code lr} for most blocks, {@code peakLr} for the fixed ones, none for
     * {@code frozen} (whose gradients are cleared); every gradient is cleared.
     */
    public void step(double lr, double peakLr, Set<Block> frozen) {
        for (Slot s : slots) {
            NDArray w = s.parameter().getArray();
            try (NDArray g = w.getGradient()) {
                if (frozen.contains(s.block())) {
                    g.muli(0);
                    continue;
                }
                float rate = (float) (fixed.contains(s.block()) ? peakLr : lr);
                w.getNDArrayInternal().sgdUpdate(new NDList(w, g, s.velocity()), new NDList(w), rate,
                        s.decay() ? weightDecay : 0f, 1f, -1f, momentum, true);
            }
        }
    }
}
