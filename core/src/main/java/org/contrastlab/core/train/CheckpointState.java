package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.Normalization;

/** What a checkpoint holds of a training session, written and put back in place. */
final class CheckpointState {
    private static final String OPTIMIZER = "optimizer";
    private static final String METHOD = "method";
    private static final String LOSS_SCALE = "loss_scale";

    private CheckpointState() {
    }

    /**
     * Writes a checkpoint of the whole state: every network (teachers included, with their
     * batch-norm statistics), the optimizer's buffers, the method's arrays (queue, bank) and
     * scalars, the normalisation, and a float16 run's loss scale; the step is the number of
     * steps done.
     */
    static Path write(RunDirectory run, int step, TrainingModel model, Normalization normalization, Optimizer optimizer,
                      LossScaler scaler) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("normalization_mean", normalization.mean());
        state.put("normalization_std", normalization.std());
        state.put("method_state", new java.util.TreeMap<>(model.method().stateScalars()));
        Map<String, NDList> arrays = new LinkedHashMap<>();
        arrays.put(OPTIMIZER, new NDList(optimizer.state()));
        NDList methodArrays = new NDList();
        new java.util.TreeMap<>(model.method().stateArrays()).values().forEach(methodArrays::add);
        arrays.put(METHOD, methodArrays);
        if (scaler != null) {
            arrays.put(LOSS_SCALE, new NDList(scaler.state()));
        }
        return run.writeCheckpoint(step, model.networks(), state, arrays);
    }

    /**
     * Puts the state of {@code checkpoint} back into this session, in place; returns the number
     * of steps it had done. Refuses a checkpoint whose arrays do not fit this configuration.
     */
    @SuppressWarnings("unchecked")
    static int restore(Path checkpoint, TrainingModel model, Optimizer optimizer, LossScaler scaler, NDManager runManager) {
        Map<String, Object> state = RunDirectory.readState(checkpoint);
        model.networks().forEach((name, block) -> RunDirectory.reloadNetwork(checkpoint, name, block, runManager));
        copyInto(optimizer.state(), RunDirectory.readArrays(checkpoint, OPTIMIZER, runManager), checkpoint + " " + OPTIMIZER);
        List<NDArray> live = new ArrayList<>(new java.util.TreeMap<>(model.method().stateArrays()).values());
        copyInto(live, RunDirectory.readArrays(checkpoint, METHOD, runManager), checkpoint + " " + METHOD);
        if (scaler != null) {
            copyInto(scaler.state(), RunDirectory.readArrays(checkpoint, LOSS_SCALE, runManager), checkpoint + " " + LOSS_SCALE);
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        ((Map<String, Number>) state.getOrDefault("method_state", Map.of())).forEach((k, v) -> scalars.put(k, v.doubleValue()));
        model.method().restoreScalars(scalars);
        optimizer.stateRestored();
        return ((Number) state.get("step")).intValue();
    }

    private static void copyInto(List<NDArray> live, NDList saved, String what) {
        if (live.size() != saved.size()) {
            throw new IllegalArgumentException(what + ": holds " + saved.size() + " arrays, this run has " + live.size());
        }
        for (int i = 0; i < live.size(); i++) {
            if (!live.get(i).getShape().equals(saved.get(i).getShape())) {
                throw new IllegalArgumentException(what + ": array " + i + " has shape " + saved.get(i).getShape()
                        + ", this run's " + live.get(i).getShape());
            }
            live.get(i).set(new ai.djl.ndarray.index.NDIndex(":"), saved.get(i));
        }
        saved.close();
    }
}
