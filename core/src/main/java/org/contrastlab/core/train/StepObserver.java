package org.contrastlab.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.contrastlab.core.augment.Normalization;

/**
 * Looks at the model being trained between two steps, on the training thread with grad mode
 * off (e.g. to draw the attention of a few probe images while a class watches). It is called
 * before the first step and after every step, decides itself how often to do anything, and
 * must be quick and leave no array behind in {@link LiveModel#manager()}.
 */
@FunctionalInterface
public interface StepObserver {
    /** @param step the steps done so far (0 before the first; a checkpoint's step after a resume) */
    void look(int step, LiveModel model);

    /** The trained backbone as it is now, with what it needs to run on the training device. */
    record LiveModel(Block backbone, ParameterStore parameters,
                     Normalization normalization, NDManager manager) {
    }
}
