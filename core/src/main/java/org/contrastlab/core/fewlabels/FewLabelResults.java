package org.contrastlab.core.fewlabels;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Json;

/**
 * A run's few-labels results, one JSON line each in {@code fewlabels.jsonl}: what was evaluated
 * (fine-tuning, from the trained encoder or its random initialisation), on which labels, and the
 * top-1 it reached, so that the runs of a label-efficiency comparison can be read back together.
 * Each addition rewrites the file atomically: a crash never leaves half a line.
 */
public final class FewLabelResults {
    public static final String FILE = "fewlabels.jsonl";

    /**
     * @param kind     {@code finetune} (more to come: distillation, Mean Teacher)
     * @param init     {@code trained} or {@code random}
     * @param labels   the label subset as asked for ({@code 10%}, {@code 25/class}, a file)
     * @param labelled how many labelled images it holds
     * @param seed     its seed
     * @param top1     top-1 on the held-out split
     * @param steps    optimizer steps taken
     */
    public record Entry(String kind, String init, String labels, int labelled, long seed, double top1, int steps) {
    }

    private FewLabelResults() {
    }

    /** Adds {@code entry} to the run's file. */
    public static void add(Path runDir, Entry entry) {
        Path file = runDir.resolve(FILE);
        try {
            String before = Files.isRegularFile(file) ? Files.readString(file) : "";
            AtomicFiles.writeString(file, before + Json.line(entry) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot record the result (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The label-efficiency curves of some results: top-1 against the number of labelled images,
     * one curve per path and encoder ("finetune · trained", "finetune · random", "mean-teacher ·
     * random", "distill · convnet-tiny", …), points sorted by labels; where the same path was
     * evaluated more than once on the same number of labels, the latest counts.
     */
    public static Map<String, List<double[]>> curves(List<Entry> entries) {
        Map<String, TreeMap<Integer, Double>> byCurve = new TreeMap<>();
        for (Entry e : entries) {
            byCurve.computeIfAbsent(e.kind() + " · " + e.init(), k -> new TreeMap<>()).put(e.labelled(), e.top1());
        }
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        byCurve.forEach((name, points) -> {
            List<double[]> list = new ArrayList<>();
            points.forEach((labelled, top1) -> list.add(new double[] {labelled, top1}));
            out.put(name, list);
        });
        return out;
    }

    /** The results as CSV: kind,init,labels,labelled,seed,top1,steps, a row each. */
    public static String csv(List<Entry> entries) {
        StringBuilder s = new StringBuilder("kind,init,labels,labelled,seed,top1,steps\n");
        for (Entry e : entries) {
            s.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.4f,%d\n", e.kind(), e.init(), e.labels().replace(",", ";"), e.labelled(),
                    e.seed(), e.top1(), e.steps()));
        }
        return s.toString();
    }

    /** The run's results, oldest first; none when it has no file. */
    public static List<Entry> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(Json.mapper().readValue(line, Entry.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a results file (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
