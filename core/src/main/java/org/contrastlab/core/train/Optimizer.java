package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Set;

/**
 * Updates the trained parameters from their gradients, once per step, and clears the
 * gradients. Weight decay applies to weight matrices and kernels only: biases and
 * normalisation scales and shifts (1-d parameters) are neither decayed nor (LARS) adapted,
 * as in the references. Blocks named as fixed keep the peak learning rate (SimSiam's
 * predictor); frozen blocks are not updated at that step (SwAV's first prototypes).
 */
public interface Optimizer {
    /**
     * @param lr the scheduled learning rate
     * @param peakLr the rate of the fixed blocks
     * @param weightDecay the step's weight decay (it may follow a schedule)
     * @param scope the step's memory scope, for temporaries
     */
    void step(double lr, double peakLr, double weightDecay, Set<Block> frozen, NDManager scope);

    /** The optimizer's buffers in a fixed order: the live arrays, for checkpoints. */
    List<NDArray> state();

    /** The arrays of {@link #state} were overwritten from a checkpoint: forget what was derived from them. */
    default void stateRestored() {
    }

    /** The optimizer a run names: {@code sgd}, {@code nesterov}, {@code lars} or {@code adamw}. */
    static Optimizer create(String name, List<Block> blocks, Set<Block> fixed, NDManager stateManager, double momentum) {
        OptimizerKind kind = OptimizerKind.byId(name).orElseThrow(() -> new IllegalArgumentException("unknown optimizer '" + name
                + "' (known: " + NAMES + ")"));
        return create(kind, blocks, fixed, stateManager, momentum);
    }

    /** The optimizer of {@code kind}. */
    static Optimizer create(OptimizerKind kind, List<Block> blocks, Set<Block> fixed, NDManager stateManager, double momentum) {
        return switch (kind) {
            case SGD -> new SgdMomentum(blocks, fixed, stateManager, momentum, false);
            case NESTEROV -> new SgdMomentum(blocks, fixed, stateManager, momentum, true);
            case LARS -> new Lars(blocks, fixed, stateManager, momentum, Lars.TRUST_COEFFICIENT);
            case ADAMW -> new AdamW(blocks, fixed, stateManager, momentum, AdamW.BETA2, AdamW.EPSILON);
        };
    }

    List<String> NAMES = OptimizerKind.ids();
}
