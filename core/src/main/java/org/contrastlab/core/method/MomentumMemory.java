package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.ssl.KeyQueue;
import org.contrastlab.core.ssl.MomentumTeacher;

/**
 * SimCLR v2's memory (Chen et al. 2020b, "Big Self-Supervised Models are Strong
 * Semi-Supervised Learners", section 2: "the memory mechanism from MoCo"): a momentum copy of
 * the encoder and head whose outputs of past batches wait in a FIFO queue as extra negatives.
 * Each step the global views pass through the copy (batch statistics, no gradient) and their
 * unit outputs are enqueued after the optimizer update; then the copy moves towards the
 * online networks by EMA.
 */
final class MomentumMemory {
    private final Block keyBackbone;
    private final Block keyHead;
    private final int queueSize;
    private final MomentumTeacher ema;
    private KeyQueue queue;
    private NDArray pending;

    MomentumMemory(Block keyBackbone, Block keyHead, int queueSize, double momentum, int totalSteps) {
        this.keyBackbone = keyBackbone;
        this.keyHead = keyHead;
        this.queueSize = queueSize;
        this.ema = MomentumTeacher.of(momentum, false, totalSteps);
    }

    /** Initialises the copies as the (initialised) online networks and an empty-noise queue of unit rows. */
    void initialize(Block backbone, Block head, NDManager manager, int imageSize, int featureDim, int projectionDim) {
        keyBackbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        keyHead.initialize(manager, DataType.FLOAT32, new Shape(2, featureDim));
        ema.follow(backbone, keyBackbone).follow(head, keyHead);
        queue = KeyQueue.randomUnit(manager, queueSize, projectionDim);
    }

    /** The queue's rows: negatives for this step (the live array). */
    NDArray negatives() {
        return queue.rows();
    }

    /** Encodes the views of the first view's size with the momentum copy; they are enqueued after the update. */
    void encode(ParameterStore parameters, List<NDArray> views) {
        Shape global = views.get(0).getShape();
        List<NDArray> keys = new ArrayList<>();
        for (NDArray view : views) {
            if (view.getShape().equals(global)) {
                keys.add(Unit.rows(Forward.through(parameters, view, keyBackbone, keyHead)).stopGradient());
            }
        }
        pending = keys.size() == 1 ? keys.get(0) : NDArrays.concat(new NDList(keys), 0);
    }

    /** After the optimizer step: enqueue this step's keys, then move the copy towards the online networks. */
    void update(int step, NDManager scope) {
        queue.enqueue(pending);
        pending = null;
        ema.update(step, scope);
    }

    Map<String, Block> teachers() {
        return Map.of("memory_backbone", keyBackbone, "memory_head", keyHead);
    }

    double fill() {
        return (double) queue.filled() / queue.capacity();
    }

    double lastMomentum() {
        return ema.lastMomentum();
    }

    KeyQueue queue() {
        return queue;
    }
}
