package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;

/**
 * Sees what each step of a run takes in and gives out, so that the step can be replayed
 * elsewhere (another implementation of the method, fed the same weights and views: {@code
 * contrastlab bench trace}). Called on the training thread; the arrays belong to the step and
 * are gone after the call: copy what is kept.
 */
public interface StepTrace {
    /**
     * Before step {@code step}'s forward pass.
     *
     * @param views the step's normalised views, in the recipe's order
     * @param blocks the method's trained networks ({@code SslMethod.trainableBlocks()}), before the update
     */
    void before(int step, List<NDArray> views, double learningRate, double weightDecay, List<Block> blocks);

    /** After the step's update (and the method's after-update work): its loss, and the networks now. */
    void after(int step, double loss, List<Block> blocks);
}
