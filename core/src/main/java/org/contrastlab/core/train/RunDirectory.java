package org.contrastlab.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.ParameterArrays;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Folders;
import org.contrastlab.core.io.Json;

/**
 * A run on disk (DESIGN.md decision 6): {@code config.json}, {@code metrics.jsonl} (one JSON
 * object per line) and {@code checkpoints/step-NNNNNNN/} directories, each with one DJL
 * {@code .params} file per network and a {@code state.json}. A checkpoint is written under a
 * temporary name and renamed, and {@code checkpoints/latest} names the newest one, so a crash
 * never leaves a half-written checkpoint in use.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    private static final String CHECKPOINTS = "checkpoints";
    private static final String EMBEDDINGS = "embeddings";
    private static final Pattern STEP = Pattern.compile("\"step\":(\\d+)");

    private final Path root;
    private final List<String> notices = new ArrayList<>();
    private CheckpointStore checkpoints;

    private RunDirectory(Path root) {
        this.root = root;
        this.checkpoints = new CheckpointStore(root.resolve(CHECKPOINTS), (point, step) -> { });
    }

    /**
     * Refuses a folder that {@link #create} would refuse (a run there, unless {@code overwrite}; a
     * file), writing nothing: what a caller checks before it starts work that ends in a run.
     */
    public static void checkCreatable(Path root, boolean overwrite) {
        if (Files.exists(root.resolve(CONFIG)) && !overwrite) {
            throw new IllegalArgumentException(root + ": already holds a run (config.json); choose another --out or pass --overwrite");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": exists and is not a folder");
        }
    }

    /** Creates a new run folder and writes its configuration; refuses to overwrite a run unless asked. */
    public static RunDirectory create(Path root, TrainConfig config, boolean overwrite) {
        checkCreatable(root, overwrite);
        try {
            if (overwrite) { // nothing of the old run may pass for the new one's: weights, metrics, cached embeddings
                Folders.deleteTree(root.resolve(CHECKPOINTS));
                Folders.deleteTree(root.resolve(EMBEDDINGS));
            }
            Files.createDirectories(root.resolve(CHECKPOINTS));
            Files.deleteIfExists(root.resolve(METRICS));
            AtomicFiles.writeString(root.resolve(CONFIG), Json.mapper().writeValueAsString(config));
            return new RunDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot create the run folder (" + e.getMessage() + ")", e);
        }
    }

    /** Opens an existing run folder. */
    public static RunDirectory open(Path root) {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new IllegalArgumentException(root + ": not a run folder (no config.json)");
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public TrainConfig config() {
        try {
            JsonNode tree = Json.mapper().readTree(root.resolve(CONFIG).toFile());
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException(root.resolve(CONFIG) + ": cannot read (the file is empty)");
            }
            SettingsFromMetrics.settle(tree, root.resolve(METRICS));
            return Json.mapper().treeToValue(tree, TrainConfig.class);
        } catch (IOException e) {
            String why = e.getCause() instanceof IllegalArgumentException bad ? bad.getMessage()
                    : e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(root.resolve(CONFIG) + ": cannot read (" + why + ")", e);
        }
    }

    /** Appends one metrics record as a line of JSON. */
    public void appendMetrics(Map<String, Object> record) {
        try {
            Files.writeString(root.resolve(METRICS), Json.line(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(root.resolve(METRICS) + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a checkpoint of the given networks and state atomically; returns its folder. */
    public Path writeCheckpoint(int step, Map<String, Block> networks, Map<String, Object> state) {
        return writeCheckpoint(step, networks, state, Map.of());
    }

    /**
     * As above, with named lists of arrays (optimizer buffers, a method's queue or bank), each
     * written as {@code NAME.ndlist} in DJL's own array format. See {@link CheckpointStore} for
     * how a crash at any point leaves a complete checkpoint in use.
     */
    public Path writeCheckpoint(int step, Map<String, Block> networks, Map<String, Object> state, Map<String, NDList> arrays) {
        return checkpoints.write(step, networks, state, arrays);
    }

    /** Calls {@code hook} at each point of every checkpoint write of this run (tests play crashes there). */
    public RunDirectory onCheckpointWrite(CheckpointStore.WriteHook hook) {
        this.checkpoints = new CheckpointStore(root.resolve(CHECKPOINTS), hook);
        return this;
    }

    /**
     * Repairs what an interrupted checkpoint write left in this run (the run's writer calls it
     * before it writes); returns one line per repair, naming the files.
     */
    public List<String> recover() {
        return checkpoints.recover();
    }

    /**
     * The newest complete checkpoint, its files checked against its manifest, if any. Where
     * {@code latest} names another or a newer one is incomplete, the reason is kept for
     * {@link #notices()}.
     */
    public Optional<Path> latestCheckpoint() {
        return checkpoints.latest(notices);
    }

    /**
     * The newest complete checkpoint; where there is none, an error that says why ("{@code what}":
     * what the checkpoint was wanted for), naming each checkpoint passed over and its damage, so
     * that a damaged run is not mistaken for one that never kept a checkpoint.
     */
    public Path requireCheckpoint(String what) {
        Optional<Path> found = checkpoints.latest(notices);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> passed = notices();
        throw new IllegalArgumentException(passed.isEmpty() ? root + ": the run has no checkpoint " + what
                : root + ": the run has no checkpoint " + what + " that is complete: " + String.join("; ", passed));
    }

    /** What was passed over while finding the checkpoint (one line each), emptied by the call. */
    public List<String> notices() {
        List<String> out = List.copyOf(new LinkedHashSet<>(notices));
        notices.clear();
        return out;
    }

    /**
     * Loads a network's parameters from a checkpoint into an initialised block, refusing, with
     * the file named, one that is missing, damaged, or made for another network (a parameter's
     * shape differs from the block's, or bytes are left over).
     */
    public static void loadNetwork(Path checkpoint, String name, Block block, NDManager manager) {
        Path file = checkpoint.resolve(name + ".params");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (the checkpoint has no network '" + name + "')");
        }
        Map<String, Shape> expected = new LinkedHashMap<>();
        block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            block.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new IllegalArgumentException(file + ": holds more than this network's parameters (made for another backbone?)");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw (IllegalArgumentException) e;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException(file + ": cannot load (" + why + "; damaged, or made for another backbone)", e);
        }
        block.getParameters().forEach(p -> {
            Shape was = expected.get(p.getKey());
            Shape now = p.getValue().getArray().getShape();
            if (!now.equals(was)) {
                throw new IllegalArgumentException(file + ": parameter " + p.getKey() + " has shape " + now
                        + " where the run's configuration gives " + was + " (made for another backbone or image size?)");
            }
        });
    }

    /**
     * Loads a network's parameters from a checkpoint into a block that trains, in place: each
     * parameter keeps its array (DJL's loading gives it a new one, whose values are copied into
     * the old, then dropped), so what holds the arrays (an EMA teacher's joined buffer, whose views
     * they are) still sees the parameters.
     */
    public static void reloadNetwork(Path checkpoint, String name, Block block, NDManager manager) {
        List<Parameter> parameters = block.getParameters().values();
        List<NDArray> old = parameters.stream().map(Parameter::getArray).toList();
        loadNetwork(checkpoint, name, block, manager);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray live = old.get(i);
            try (NoGrad off = NoGrad.enter()) {
                live.set(new NDIndex(":"), p.getArray());
            }
            ParameterArrays.replace(p, live);
        }
    }

    /** The arrays a checkpoint holds under {@code name} (see {@link #writeCheckpoint}), owned by {@code manager}. */
    public static NDList readArrays(Path checkpoint, String name, NDManager manager) {
        Path file = checkpoint.resolve(name + ".ndlist");
        if (!Files.exists(file)) {
            return new NDList();
        }
        try {
            return NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Drops the metrics of steps after {@code step} (a resumed run writes them again); lines
     * without a step are kept.
     */
    public void truncateMetricsAfter(int step) {
        Path file = root.resolve(METRICS);
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = Files.readAllLines(file).stream().filter(l -> {
                Matcher mt = STEP.matcher(l);
                return !mt.find() || Integer.parseInt(mt.group(1)) <= step;
            }).toList();
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot rewrite (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The state.json of a checkpoint, refused (naming the file) without a whole step count or
     * without a normalisation of finite values, a positive spread for each channel.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readState(Path checkpoint) {
        Path file = checkpoint.resolve("state.json");
        Map<String, Object> state;
        try {
            state = Json.mapper().readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (state == null || !(state.get("step") instanceof Integer step) || step < 0) {
            throw new IllegalArgumentException(file + ": has no step count (a whole number of at least 0)");
        }
        List<Double> mean = numbers(state.get("normalization_mean"));
        List<Double> std = numbers(state.get("normalization_std"));
        if (mean == null || std == null || mean.isEmpty() || mean.size() != std.size()
                || mean.stream().anyMatch(v -> !Double.isFinite(v)) || std.stream().anyMatch(v -> !(v > 0 && Double.isFinite(v)))) {
            throw new IllegalArgumentException(file + ": has no usable normalisation (normalization_mean and normalization_std: "
                    + "one finite value per channel, each spread above 0)");
        }
        return state;
    }

    private static List<Double> numbers(Object value) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof Number))) {
            return null;
        }
        return list.stream().map(v -> ((Number) v).doubleValue()).toList();
    }
}
