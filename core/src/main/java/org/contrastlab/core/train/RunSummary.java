package org.contrastlab.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.contrastlab.core.io.Folders;
import org.contrastlab.core.io.Json;

/**
 * What a run folder says about its run, for a list of runs: method, data, backbone, steps done
 * of the steps planned, the last kNN accuracy, when it last changed, and its loss, kNN and
 * collapse curves from {@code metrics.jsonl} (the collapse monitor: the outputs' per-dimension
 * standard deviation, 0 when every image maps to one point; empty for a method without it).
 */
public record RunSummary(Path root, String method, String data, String backbone, int steps, int stepsDone,
                         Double knn, Instant modified, List<double[]> loss, List<double[]> knnCurve, List<double[]> collapse) {
    /** The table a sweep writes beside its runs (a folder holding one lists the runs in it). */
    public static final String SWEEP_TABLE = "sweep.csv";

    /** Every run folder directly under {@code folder}, and the runs of each sweep there, newest first; unreadable ones are left out. */
    public static List<RunSummary> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RunSummary> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (Files.isRegularFile(d.resolve(RunDirectory.CONFIG))) {
                    addReadable(d, out);
                } else if (Files.isRegularFile(d.resolve(SWEEP_TABLE))) {
                    // a sweep's runs, one folder per value, are runs like any other
                    try (Stream<Path> runs = Files.list(d)) {
                        runs.filter(r -> Files.isRegularFile(r.resolve(RunDirectory.CONFIG))).forEach(r -> addReadable(r, out));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(RunSummary::modified).reversed());
        return out;
    }

    private static void addReadable(Path run, List<RunSummary> out) {
        try {
            out.add(read(run));
        } catch (RuntimeException ignored) {
            // a folder that is not a readable run is not listed
        }
    }

    /** Reads one run folder. */
    public static RunSummary read(Path run) {
        TrainConfig config = RunDirectory.open(run).config();
        List<double[]> loss = new ArrayList<>();
        List<double[]> knn = new ArrayList<>();
        List<double[]> collapse = new ArrayList<>();
        int done = 0;
        Path metrics = run.resolve(RunDirectory.METRICS);
        try {
            if (Files.isRegularFile(metrics)) {
                for (String line : Files.readAllLines(metrics)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = Json.mapper().readTree(line);
                    int step = n.path("step").asInt();
                    done = Math.max(done, step);
                    if (n.has("loss")) {
                        loss.add(new double[] {step, n.get("loss").asDouble()});
                    }
                    if (n.has("knn_top1")) {
                        knn.add(new double[] {step, n.get("knn_top1").asDouble()});
                    }
                    if (n.has("collapse")) {
                        collapse.add(new double[] {step, n.get("collapse").asDouble()});
                    }
                }
            }
            Instant modified = Files.getLastModifiedTime(Files.isRegularFile(metrics) ? metrics : run.resolve(RunDirectory.CONFIG))
                    .toInstant();
            int planned = config.steps() > 0 ? config.steps() : done;
            return new RunSummary(run, config.method(), config.data(), config.backbone(), planned, done,
                    knn.isEmpty() ? null : knn.get(knn.size() - 1)[1], modified, List.copyOf(loss), List.copyOf(knn),
                    List.copyOf(collapse));
        } catch (IOException e) {
            throw new UncheckedIOException(run + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a run folder and everything in it; refuses a folder that is not a run. */
    public static void delete(Path run) {
        if (!Files.isRegularFile(run.resolve(RunDirectory.CONFIG))) {
            throw new IllegalArgumentException(run + " is not a run folder (no " + RunDirectory.CONFIG + "): not deleted");
        }
        try {
            Folders.deleteTree(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + run + ": " + e.getMessage(), e);
        }
    }
}
