package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.ssl.MethodState;

/**
 * A self-supervised method: the networks it trains and the loss of one step on a batch of
 * views. The engine owns the loop, the optimizer and the memory scopes; a method only wires
 * the shared blocks together. A step is: {@link #loss} with gradient recording on, backward,
 * the optimizer update (skipping {@link #frozenAt} blocks), then {@link #afterUpdate} with recording off
 * (EMA teachers, queues and banks change there, in place).
 */
public interface SslMethod {
    /** The backbone whose features are evaluated and exported. */
    Block backbone();

    /** Every block the optimizer updates (the backbone included). */
    List<Block> trainableBlocks();

    /** Networks kept in checkpoints but not trained by the optimizer (EMA teachers), by name. */
    default Map<String, Block> teachers() {
        return Map.of();
    }

    /** Trainable blocks whose learning rate stays at its peak instead of following the schedule. */
    default Set<Block> fixedLearningRate() {
        return Set.of();
    }

    /** Creates the parameters of every block (and any queue or bank) on {@code manager}, the run's. */
    void initialize(NDManager manager, int imageSize);

    /**
     * Called once before the first step of a new run (not on resume, where the checkpoint
     * brings the state back): a method may look at the whole training set through the
     * untrained networks here.
     */
    default void prepare(DatasetEncoder encoder, NDManager manager) {
    }

    /** The training loss of one step, a scalar; called with gradient recording on. */
    NDArray loss(StepInput step);

    /**
     * Trainable blocks the optimizer leaves alone at this step (SwAV's prototypes during their
     * first iterations): their gradients are dropped, no update and no weight decay.
     */
    default Set<Block> frozenAt(int step) {
        return Set.of();
    }

    /** After the optimizer update, recording off: EMA teachers, queues, banks. */
    default void afterUpdate(StepInput step) {
    }

    /**
     * What the method keeps besides its networks (queues, banks, centres and their counters),
     * written to every checkpoint and restored in place on resume by the engine.
     */
    default MethodState state() {
        return MethodState.NONE;
    }

    /**
     * What this method compares in the step {@code step} is about to take, for the step-through
     * view ({@link StepDetail}): called between steps with recording off, on the views of the
     * next step; it must change nothing (networks in inference mode, no queue or bank moved).
     * {@code images} is how many of the batch's first images are shown.
     */
    default StepDetail detail(StepInput step, int images) {
        return StepDetail.NONE;
    }

    /**
     * The method's own curves after the last step, e.g. {@code collapse}, {@code teacher_momentum},
     * {@code queue_fill}, {@code code_entropy}; names are lower_snake_case.
     */
    default Map<String, Double> monitors() {
        return Map.of();
    }
}
