package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Set;
import org.contrastlab.core.env.DeviceConstants;
import org.contrastlab.core.env.Scopes;

/**
 * LARS (You et al. 2017) as the Barlow Twins and SimCLR references use it
 * (facebookresearch/barlowtwins {@code main.py}, class {@code LARS}, with both filters on):
 * for a weight (more than one dimension) {@code d = g + λ·w} scaled by the trust ratio
 * {@code η·‖w‖/‖d‖} (1 when either norm is 0); biases and normalisation parameters take their
 * plain gradient, undecayed and unadapted; then {@code v ← μ·v + d}, {@code w ← w − lr·v}.
 * η = 0.001.
 */
public final class Lars implements Optimizer {
    static final double TRUST_COEFFICIENT = 0.001;
    private final TrainedParameters params;
    private final float momentum;
    private final double eta;

    public Lars(List<Block> blocks, Set<Block> fixed, NDManager stateManager, double momentum, double eta) {
        this.params = new TrainedParameters(blocks, fixed, stateManager, 1);
        this.momentum = (float) momentum;
        this.eta = eta;
    }

    @Override
    public void step(double lr, double peakLr, double weightDecay, Set<Block> frozen, NDManager scope) {
        DeviceConstants k = new DeviceConstants(scope);
        for (TrainedParameters.Slot s : params.slots()) {
            if (frozen.contains(s.block())) {
                TrainedParameters.drop(s, scope);
                continue;
            }
            NDArray g = s.gradient(scope);
            NDArray d = g;
            if (s.decayed()) {
                NDArray w = s.weights(scope);
                d = weightDecay == 0 ? g.duplicate() : g.add(w.mul(k.of(weightDecay)));
                // the trust ratio stays on the device: no read back per parameter
                NDArray wNorm = w.norm();
                NDArray dNorm = d.norm();
                NDArray usable = wNorm.gt(k.of(0)).logicalAnd(dNorm.gt(k.of(0)));
                NDArray trust = NDArrays.where(usable, wNorm.mul(k.of(eta)).div(dNorm), k.of(1));
                d = d.mul(trust);
            }
            NDArray v = s.buffers()[0];
            v.muli(k.of(momentum)).addi(d);
            s.parameter().getArray().subi(Scopes.view(v, scope).mul(k.of(params.rate(s, lr, peakLr))));
            g.subi(g);
        }
    }

    @Override
    public List<NDArray> state() {
        return params.buffers();
    }
}
