package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.contrastlab.core.env.Scopes;
import java.util.Set;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code v ← μ·v + (g + λ·w)}, then
 * {@code w ← w − η·v}, or with Nesterov {@code w ← w − η·(g + λ·w + μ·v)}. Without Nesterov it
 * is one fused native call per parameter (DJL's {@code sgdUpdate}, which also zeroes the gradient).
 */
public final class SgdMomentum implements Optimizer {
    private final TrainedParameters params;
    private final float momentum;
    private final boolean nesterov;

    public SgdMomentum(List<Block> blocks, Set<Block> fixed, NDManager stateManager, double momentum, boolean nesterov) {
        this.params = new TrainedParameters(blocks, fixed, stateManager, 1);
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(double lr, double peakLr, double weightDecay, Set<Block> frozen, NDManager scope) {
        org.contrastlab.core.env.DeviceConstants k = new org.contrastlab.core.env.DeviceConstants(scope);
        for (TrainedParameters.Slot s : params.slots()) {
            if (frozen.contains(s.block())) {
                TrainedParameters.drop(s, scope);
                continue;
            }
            float rate = (float) params.rate(s, lr, peakLr);
            float decay = s.decayed() ? (float) weightDecay : 0f;
            NDArray w = s.parameter().getArray();
            NDArray v = s.buffers()[0];
            NDArray g = s.gradient(scope);
            if (!nesterov) {
                w.getNDArrayInternal().sgdUpdate(new NDList(w, g, v), new NDList(w), rate, decay, 1f, -1f, momentum, true);
                continue;
            }
            NDArray d = decay == 0 ? g : g.add(s.weights(scope).mul(k.of(decay)));
            v.muli(k.of(momentum)).addi(d);
            w.subi(d.add(Scopes.view(v, scope).mul(k.of(momentum))).mul(k.of(rate)));
            g.subi(g);
        }
    }

    @Override
    public List<NDArray> state() {
        return params.buffers();
    }
}
