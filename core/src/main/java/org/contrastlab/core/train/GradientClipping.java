package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Clipping by the global gradient norm, as {@code torch.nn.utils.clip_grad_norm_}: when the
 * L2 norm of all gradients together exceeds {@code maxNorm}, every gradient is scaled by
 * {@code maxNorm/(norm + 1e-6)}.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place; returns the norm before clipping. */
    static double clip(List<Block> blocks, double maxNorm, NDManager scope) {
        double sumSquares = 0;
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(scope);
                    sumSquares += g.square().sum().getFloat();
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Block b : blocks) {
                for (Parameter p : b.getParameters().values()) {
                    if (p.requiresGradient()) {
                        NDArray g = p.getArray().getGradient();
                        g.attach(scope);
                        g.muli(scale);
                    }
                }
            }
        }
        return norm;
    }
}
