package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.contrastlab.core.env.DeviceConstants;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW} (Loshchilov &amp; Hutter 2019): decoupled
 * weight decay {@code w ← w·(1 − lr·λ)}, then {@code m ← β1·m + (1 − β1)·g},
 * {@code v ← β2·v + (1 − β2)·g²} and {@code w ← w − lr·m̂/(√v̂ + ε)} with the bias corrections
 * {@code m̂ = m/(1 − β1ᵗ)}, {@code v̂ = v/(1 − β2ᵗ)}. β1 is the run's momentum (0.9), β2 = 0.999,
 * ε = 1e-8 (the DINO and MoCo v3 references use these with AdamW). Each parameter is one
 * call of DJL's fused update.
 */
public final class AdamW implements Optimizer {
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    private final TrainedParameters params;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final NDArray count;
    /** {@code count} as the host knows it (−1: read it once from the array, e.g. after a restore). */
    private int steps;

    public AdamW(List<Block> blocks, Set<Block> fixed, NDManager stateManager, double beta1, double beta2, double epsilon) {
        this.params = new TrainedParameters(blocks, fixed, stateManager, 2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.count = stateManager.zeros(new Shape(1));
    }

    @Override
    public void step(double lr, double peakLr, double weightDecay, Set<Block> frozen, NDManager scope) {
        if (steps < 0) {
            steps = Math.round(count.getFloat());
        }
        count.addi(new DeviceConstants(scope).of(1)); // the one lives in the step's scope
        int t = ++steps;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        // DJL's fused update (one native call per parameter, its numbers passed as C floats):
        // w -= lr·λ·w; m, v updated; w -= lrBC·m/(√v + ε'), with lrBC = lr·√c2/c1. PyTorch's
        // w -= lr/c1 · m/(√v/√c2 + ε) is the same with ε' = ε·√c2.
        double rootC2 = Math.sqrt(c2);
        for (TrainedParameters.Slot s : params.slots()) {
            if (frozen.contains(s.block())) {
                TrainedParameters.drop(s, scope);
                continue;
            }
            double rate = params.rate(s, lr, peakLr);
            NDArray w = s.parameter().getArray();
            NDArray g = s.gradient(scope);
            float decay = s.decayed() ? (float) weightDecay : 0f;
            w.getNDArrayInternal().adamUpdate(new NDList(w, g, s.buffers()[0], s.buffers()[1]), new NDList(w), (float) rate,
                    (float) (rate * rootC2 / c1), decay, 1f, -1f, (float) beta1, (float) beta2, (float) (epsilon * rootC2), false, true);
            g.subi(g);
        }
    }

    @Override
    public void stateRestored() {
        steps = -1;
    }

    @Override
    public List<NDArray> state() {
        List<NDArray> out = new ArrayList<>(params.buffers());
        out.add(count);
        return out;
    }
}
