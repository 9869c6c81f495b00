package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;

/**
 * Encodes every training image once, in dataset order, through a chain of the method's
 * blocks (inference mode, whole images at the training size, normalised): what a method
 * needs to start a bank from the untrained encoder rather than from noise.
 */
@FunctionalInterface
public interface DatasetEncoder {
    /** Unit rows (N, d) owned by {@code manager}, row i for training image i. */
    NDArray encode(List<Block> chain, NDManager manager);
}
