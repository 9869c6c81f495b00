package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
        state.put("method_state", new TreeMap<>(model.method().state().scalars()));
        Map<String, NDList> arrays = new LinkedHashMap<>();
        arrays.put(OPTIMIZER, new NDList(optimizer.state()));
        NDList methodArrays = new NDList();
        new TreeMap<>(model.method().state().arrays()).values().forEach(methodArrays::add);
        arrays.put(METHOD, methodArrays);
        if (scaler != null) {
            arrays.put(LOSS_SCALE, new NDList(scaler.state()));
        }
        String bad = NonFinite.first(named(model, arrays));
        if (bad != null) {
            throw new DivergenceException(String.format(Locale.ROOT,
                    "%s holds NaN or infinite values at step %d, so no checkpoint was written there; the last good "
                            + "checkpoint is kept; try a lower --lr or --weight-decay", bad, step));
        }
        return run.writeCheckpoint(step, model.networks(), state, arrays);
    }

    /** Every array a checkpoint would hold, by a name a user can read ("backbone parameter X", "the optimizer's state 3"). */
    private static Map<String, NDArray> named(TrainingModel model, Map<String, NDList> arrays) {
        Map<String, NDArray> all = new LinkedHashMap<>();
        model.networks().forEach((network, block) -> block.getParameters().forEach(p ->
                all.put(network + " parameter " + p.getKey(), p.getValue().getArray())));
        arrays.forEach((name, list) -> {
            for (int i = 0; i < list.size(); i++) {
                all.put("the " + name + " state's array " + i, list.get(i));
            }
        });
        return all;
    }

    /**
     * Puts the state of {@code checkpoint} back into this session, in place; returns the number
     * of steps it had done. Refuses a checkpoint whose arrays do not fit this configuration.
     */
    @SuppressWarnings("unchecked")
    static int restore(Path checkpoint, TrainingModel model, Optimizer optimizer, LossScaler scaler, NDManager runManager) {
        Map<String, Object> state = RunDirectory.readState(checkpoint);
        model.networks().forEach((name, block) -> RunDirectory.reloadNetwork(checkpoint, name, block, runManager));
        copyInto(optimizer.state(), checkpoint, OPTIMIZER, runManager);
        List<NDArray> live = new ArrayList<>(new TreeMap<>(model.method().state().arrays()).values());
        copyInto(live, checkpoint, METHOD, runManager);
        if (scaler != null) {
            copyInto(scaler.state(), checkpoint, LOSS_SCALE, runManager);
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        Object saved = state.getOrDefault("method_state", Map.of());
        if (!(saved instanceof Map<?, ?> map) || map.values().stream().anyMatch(v -> !(v instanceof Number))) {
            throw new IllegalArgumentException(checkpoint.resolve("state.json") + ": method_state is not a map of numbers");
        }
        ((Map<String, Number>) saved).forEach((k, v) -> scalars.put(k, v.doubleValue()));
        try {
            model.method().state().restore(scalars);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(checkpoint.resolve("state.json") + ": " + e.getMessage(), e);
        }
        optimizer.stateRestored();
        return (Integer) state.get("step");
    }

    /** Copies the arrays saved as {@code name} into {@code live}, refusing a file that is missing or does not fit, by its path. */
    private static void copyInto(List<NDArray> live, Path checkpoint, String name, NDManager manager) {
        Path file = checkpoint.resolve(name + ".ndlist");
        if (!live.isEmpty() && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing; training cannot resume without the " + name + " state");
        }
        NDList saved = RunDirectory.readArrays(checkpoint, name, manager);
        try {
            if (live.size() != saved.size()) {
                throw new IllegalArgumentException(file + ": holds " + saved.size() + " arrays, this run has " + live.size());
            }
            for (int i = 0; i < live.size(); i++) {
                if (!live.get(i).getShape().equals(saved.get(i).getShape()) || live.get(i).getDataType() != saved.get(i).getDataType()) {
                    throw new IllegalArgumentException(file + ": array " + i + " is " + saved.get(i).getDataType() + " "
                            + saved.get(i).getShape() + ", this run's " + live.get(i).getDataType() + " " + live.get(i).getShape());
                }
                live.get(i).set(new NDIndex(":"), saved.get(i));
            }
        } finally {
            saved.close();
        }
    }
}
