package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * A teacher's running centre (DINO's, and iBOT's for its patch outputs; facebookresearch/dino
 * {@code DINOLoss.update_center}): a step's mean teacher output is noted during the loss, and
 * once the optimizer has stepped the centre moves towards it, {@code c ← m·c + (1 − m)·mean}.
 * The array lives as long as the method; checkpoints keep it ({@link MethodState#array}).
 */
public final class RunningCentre {
    private NDArray centre;
    private NDArray pending;

    /** A zero centre of {@code shape} ((1, K), or (1, 1, K) for patch outputs). */
    public void initialize(NDManager manager, Shape shape) {
        centre = manager.zeros(shape);
    }

    /** The centre itself (live: what checkpoints save and restore). */
    public NDArray array() {
        return centre;
    }

    /** The step's mean teacher output, of the centre's shape, to move towards after the update. */
    public void observe(NDArray stepMean) {
        pending = stepMean;
    }

    /** Moves the centre towards the mean noted this step, with {@code momentum}; the step's {@code scope} holds the arithmetic. */
    public void update(NDManager scope, float momentum) {
        NDArray updated = Scalars.mul(Scopes.view(centre, scope), momentum).add(Scalars.mul(pending, 1 - momentum));
        centre.set(new NDIndex(":"), updated);
        pending = null;
    }
}
