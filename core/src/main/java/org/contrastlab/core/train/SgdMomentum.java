package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Set;
import org.contrastlab.core.env.DeviceConstants;
import org.contrastlab.core.env.Scopes;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code v ← μ·v + (g + λ·w)}, then
 * {@code w ← w − η·v}, or with Nesterov {@code w ← w − η·(g + λ·w + μ·v)}.
 *
 * <p>Not DJL's fused {@code sgdUpdate}: that one folds the learning rate into the momentum
 * buffer ({@code v ← μ·v + η·(g + λ·w)}, {@code w ← w − v}, MXNet's convention), which is the
 * same only while η stays constant. Under a warm-up its buffer carries the smaller rates of past
 * steps (and the larger ones under a cosine decay); a replay of 25 SwAV steps in PyTorch
 * ({@code benchmarks/swav_reference.py}) drifted from the third step on, 0.018 in the loss by the
 * twelfth.
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
        DeviceConstants k = new DeviceConstants(scope);
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
            NDArray d = decay == 0 ? g : g.add(s.weights(scope).mul(k.of(decay)));
            v.muli(k.of(momentum)).addi(d);
            NDArray step = nesterov ? d.add(Scopes.view(v, scope).mul(k.of(momentum))) : Scopes.view(v, scope);
            w.subi(step.mul(k.of(rate)));
            g.subi(g);
        }
    }

    @Override
    public List<NDArray> state() {
        return params.buffers();
    }
}
