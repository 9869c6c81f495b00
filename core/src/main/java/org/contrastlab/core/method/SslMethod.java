package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A self-supervised method: the networks it trains and the loss of one step on a batch of
 * views. The engine owns the loop, the optimizer and the memory scopes; a method only wires
 * blocks together. Views arrive normalised, as (B, 3, S, S) float32 arrays.
 */
public interface SslMethod {
    /** The backbone whose features are evaluated and exported. */
    Block backbone();

    /** Every block the optimizer updates (the backbone included). */
    List<Block> trainableBlocks();

    /** Creates the parameters of every block for views of {@code imageSize}×{@code imageSize}. */
    void initialize(ai.djl.ndarray.NDManager manager, int imageSize);

    /** The training loss of one step, a scalar; called with gradient recording on. */
    NDArray loss(ParameterStore parameters, List<NDArray> views);
}
