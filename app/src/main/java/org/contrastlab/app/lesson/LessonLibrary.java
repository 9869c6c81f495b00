package org.contrastlab.app.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.core.lesson.LessonException;
import org.contrastlab.core.lesson.LessonFile;
import org.contrastlab.core.lesson.LessonTargets;
import org.contrastlab.sample.Examples;

/**
 * The lessons on hand: those that ship with the app (resources listed in {@code lessons/index.txt})
 * and the {@code *.lesson.md} files in a teacher's folder (the cache folder's {@code lessons/}, or
 * one named). A file that does not read is listed with its problems, not dropped. What a lesson may
 * show and point at is this window's: {@link #targets()}.
 */
public final class LessonLibrary {
    private static final String ROOT = "/org/contrastlab/app/lesson/lessons/";

    /** A view's id in a lesson file → the title of its tab. */
    public static final Map<String, String> TABS = tabs();

    /**
     * One lesson as listed.
     *
     * @param source   the file, or "built-in: NAME"
     * @param lesson   the lesson, or null when it does not read
     * @param problems what is wrong with it (empty when it reads)
     */
    public record Entry(String source, Lesson lesson, List<String> problems) {
        public Entry {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return lesson != null;
        }

        @Override
        public String toString() {
            return ok() ? lesson.title() : source + " (does not read)";
        }
    }

    private LessonLibrary() {
    }

    private static Map<String, String> tabs() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("studio", "Augmentation studio");
        t.put("train", "Train");
        t.put("step", "Inside a step");
        t.put("attention", "Attention");
        t.put("embeddings", "Embeddings");
        t.put("runs", "Runs");
        return Map.copyOf(t);
    }

    /** The views a page can show, what it can point at in each (the nodes' ids), and the shipped examples. */
    public static LessonTargets targets() {
        Map<String, List<String>> points = new LinkedHashMap<>();
        points.put("studio", List.of("studio-grid", "studio-stats", "preset-box"));
        points.put("train", List.of("loss-chart", "knn-chart", "curve-chart", "attention-chart", "preview-grid", "method-choice",
                "knn-label", "train-button", "pause-button", "step-button"));
        points.put("step", List.of("step-heatmap", "step-views", "step-losses", "step-detail"));
        points.put("attention", List.of("attention-view", "probe-strip"));
        points.put("embeddings", List.of("explorer-view", "neighbour-strip", "colour-by"));
        points.put("runs", List.of("runs-table", "runs-charts"));
        return new LessonTargets(points, Examples.all().stream().map(Examples.Example::id).collect(Collectors.toSet()));
    }

    /** The lessons that ship with the app. */
    public static List<Entry> builtIn() {
        List<Entry> out = new ArrayList<>();
        for (String name : resource("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList()) {
            out.add(entry("built-in: " + name, () -> LessonFile.parse(name, resource(name), targets())));
        }
        return out;
    }

    /** The lesson files in {@code folder} (none when it does not exist), by name. */
    public static List<Entry> folder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(LessonFile.SUFFIX)).sorted().map(LessonLibrary::read).toList();
        } catch (IOException e) {
            return List.of(new Entry(folder.toString(), null, List.of(folder + ": cannot list it: " + e.getMessage())));
        }
    }

    /** One lesson file. */
    public static Entry read(Path file) {
        return entry(file.toString(), () -> LessonFile.read(file, targets()));
    }

    /** The built-in lessons and those in {@code folder}, by stage, the built-in first within a stage. */
    public static List<Entry> all(Path folder) {
        List<Entry> out = new ArrayList<>(builtIn());
        out.addAll(folder(folder));
        out.sort(Comparator.comparingInt(e -> e.ok() ? e.lesson().stage() : Integer.MAX_VALUE));
        return out;
    }

    private interface Reading {
        Lesson read();
    }

    private static Entry entry(String source, Reading reading) {
        try {
            return new Entry(source, reading.read(), List.of());
        } catch (LessonException e) {
            return new Entry(source, null, e.problems());
        }
    }

    private static String resource(String name) {
        try (InputStream in = LessonLibrary.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the lesson resource " + ROOT + name + " is missing from the app");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
