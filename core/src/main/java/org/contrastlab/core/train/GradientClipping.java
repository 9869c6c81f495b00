package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

    /** The L2 norm of all gradients together, read back once. */
    static double norm(List<Block> blocks, NDManager scope) {
        NDList squares = new NDList();
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(scope);
                    squares.add(g.square().sum());
                }
            }
        }
        return squares.isEmpty() ? 0 : Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }

    /** Clips in place when {@code norm} (from {@link #norm}) exceeds {@code maxNorm}. */
    static void clip(List<Block> blocks, double norm, double maxNorm, NDManager scope) {
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
    }

    /** Clips in place; returns the norm before clipping. */
    static double clip(List<Block> blocks, double maxNorm, NDManager scope) {
        double norm = norm(blocks, scope);
        clip(blocks, norm, maxNorm, scope);
        return norm;
    }
}
