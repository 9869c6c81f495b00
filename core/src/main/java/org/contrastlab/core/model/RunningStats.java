package org.contrastlab.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-norm running statistics of a block, kept before a forward pass whose inputs come
 * from another distribution and put back after it, so that what the block is evaluated with
 * describes the images it is evaluated on. InfoMin's jigsaw branch passes 8 px patches through
 * the encoder trained on 32 px views: their statistics would otherwise be averaged into the
 * running means and variances that kNN and every later use of the encoder rely on.
 */
public final class RunningStats {
    private final List<NDArray> live = new ArrayList<>();
    private final List<NDArray> kept = new ArrayList<>();

    private RunningStats() {
    }

    /** Copies {@code block}'s running means and variances as the step's forward passes see them; the copies belong to {@code scope}. */
    public static RunningStats keep(ParameterStore ps, Block block, Device device, NDManager scope) {
        RunningStats s = new RunningStats();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                NDArray a = ps.getValue(p.getValue(), device, true);
                NDArray copy = a.duplicate();
                copy.attach(scope);
                s.live.add(a);
                s.kept.add(copy);
            }
        }
        return s;
    }

    /** Puts the kept values back. */
    public void restore() {
        for (int i = 0; i < live.size(); i++) {
            // in place on the device (NDArray.copyTo goes through the host): x − x + kept
            live.get(i).subi(live.get(i)).addi(kept.get(i));
        }
    }
}
