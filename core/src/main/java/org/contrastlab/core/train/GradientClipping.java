package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.env.DeviceConstants;

/**
 * Clipping by the global gradient norm, as {@code torch.nn.utils.clip_grad_norm_}: when the
 * L2 norm of all gradients together exceeds {@code maxNorm}, every gradient is scaled by
 * {@code maxNorm/(norm + 1e-6)}.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** The gradients of every trained parameter of {@code blocks}, owned by {@code scope}. */
    static List<NDArray> gradients(List<Block> blocks, NDManager scope) {
        List<NDArray> out = new ArrayList<>();
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(scope);
                    out.add(g);
                }
            }
        }
        return out;
    }

    /** The L2 norm of all gradients together, as a 0-d array on their device (not read back). */
    static NDArray norm(List<Block> blocks, NDManager scope) {
        NDList squares = new NDList();
        for (NDArray g : gradients(blocks, scope)) {
            squares.add(g.square().sum());
        }
        return squares.isEmpty() ? scope.zeros(new Shape()) : NDArrays.stack(squares).sum().sqrt();
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm/(norm + 1e-6))}, on the device (no read
     * back): the same as clipping when {@code norm} exceeds {@code maxNorm}, else nothing.
     */
    static void clip(List<Block> blocks, NDArray norm, double maxNorm, NDManager scope) {
        DeviceConstants k = new DeviceConstants(scope);
        NDArray factor = k.of(maxNorm).div(norm.add(k.of(1e-6))).minimum(k.of(1));
        for (NDArray g : gradients(blocks, scope)) {
            g.muli(factor);
        }
    }
}
