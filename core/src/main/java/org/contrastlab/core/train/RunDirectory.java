package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.Block;
import ai.djl.MalformedModelException;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
    private static final String LATEST = "latest";
    private static final int KEEP = 2;
    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("\"step\":(\\d+)");

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates a new run folder and writes its configuration; refuses to overwrite a run unless asked. */
    public static RunDirectory create(Path root, TrainConfig config, boolean overwrite) {
        try {
            if (Files.exists(root.resolve(CONFIG)) && !overwrite) {
                throw new IllegalArgumentException(root + ": already holds a run (config.json); choose another --out or pass --overwrite");
            }
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new IllegalArgumentException(root + ": exists and is not a folder");
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
            return Json.mapper().readValue(root.resolve(CONFIG).toFile(), TrainConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(root.resolve(CONFIG) + ": cannot read (" + e.getMessage() + ")", e);
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
     * written as {@code NAME.ndlist} in DJL's own array format.
     */
    public Path writeCheckpoint(int step, Map<String, Block> networks, Map<String, Object> state, Map<String, NDList> arrays) {
        Path dir = root.resolve(CHECKPOINTS);
        String name = String.format("step-%07d", step);
        Path tmp = dir.resolve("." + name + ".tmp");
        Path target = dir.resolve(name);
        try {
            Folders.deleteTree(tmp);
            Files.createDirectories(tmp);
            for (Map.Entry<String, Block> e : networks.entrySet()) {
                try (OutputStream os = Files.newOutputStream(tmp.resolve(e.getKey() + ".params"));
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
                    e.getValue().saveParameters(out);
                }
            }
            for (Map.Entry<String, NDList> e : arrays.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue; // DJL cannot read an empty list back; no file means no arrays
                }
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(e.getKey() + ".ndlist")))) {
                    e.getValue().encode(os);
                }
            }
            Map<String, Object> withStep = new LinkedHashMap<>(state);
            withStep.put("step", step);
            Files.writeString(tmp.resolve("state.json"), Json.mapper().writeValueAsString(withStep));
            Folders.deleteTree(target);
            AtomicFiles.move(tmp, target);
            AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
            prune(dir, name);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write the checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latestCheckpoint() {
        Path latest = root.resolve(CHECKPOINTS).resolve(LATEST);
        if (!Files.isRegularFile(latest)) {
            return Optional.empty();
        }
        try {
            Path dir = root.resolve(CHECKPOINTS).resolve(Files.readString(latest).strip());
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Loads a network's parameters from a checkpoint into an initialised block. */
    public static void loadNetwork(Path checkpoint, String name, Block block, NDManager manager) {
        Path file = checkpoint.resolve(name + ".params");
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException(file + ": cannot load (" + e.getMessage() + ")", e);
        }
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
            if (!live.getShape().equals(p.getArray().getShape())) {
                throw new IllegalArgumentException(checkpoint.resolve(name + ".params") + ": parameter " + p.getName()
                        + " has shape " + p.getArray().getShape() + ", this run's " + live.getShape());
            }
            try (NoGrad off = NoGrad.enter()) {
                live.set(new ai.djl.ndarray.index.NDIndex(":"), p.getArray());
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
                java.util.regex.Matcher mt = STEP.matcher(l);
                return !mt.find() || Integer.parseInt(mt.group(1)) <= step;
            }).toList();
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot rewrite (" + e.getMessage() + ")", e);
        }
    }

    /** The state.json of a checkpoint. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readState(Path checkpoint) {
        try {
            return Json.mapper().readValue(checkpoint.resolve("state.json").toFile(), Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(checkpoint.resolve("state.json") + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void prune(Path dir, String keepNewest) throws IOException {
        List<Path> complete;
        try (Stream<Path> s = Files.list(dir)) {
            complete = s.filter(p -> p.getFileName().toString().startsWith("step-")).sorted(Comparator.reverseOrder()).toList();
        }
        for (int i = KEEP; i < complete.size(); i++) {
            if (!complete.get(i).getFileName().toString().equals(keepNewest)) {
                Folders.deleteTree(complete.get(i));
            }
        }
    }
}
