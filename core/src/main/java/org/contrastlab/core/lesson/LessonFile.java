package org.contrastlab.core.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainConfigBuilder;

/**
 * Reads a lesson file ({@code NAME.lesson.md}): Markdown a teacher can write in any editor.
 * <pre>
 * # The lesson's title
 * stage: 2
 * summary: one line for the list
 *
 * ## A page's title
 * show: train
 * point: knn-chart
 * run: method=simclr steps=250 batch-size=64
 *
 * What the class reads, in paragraphs.
 * </pre>
 * Settings are {@code key: value} lines right under a heading; the page's text starts after a
 * blank line. Lesson settings: {@code stage}, {@code summary}, {@code data}. Page settings:
 * {@code show} (a view), {@code point} (something in the view), {@code curve} (the method's curve the
 * dashboard draws beside the loss: {@code collapse}, {@code queue_fill} …), {@code run} (a short run:
 * {@code method}, {@code backbone}, {@code recipe}, {@code steps}, {@code batch-size},
 * {@code eval-every}, {@code lr}, {@code temperature}, {@code seed}, and any method setting by its
 * name, as {@code contrastlab methods} lists them), {@code open} (a shipped example), {@code compare}
 * (how many of the latest runs the runs view draws together, e.g. an intact and an ablated run). Every
 * problem is reported at once, with the file and line; nothing is run while reading.
 */
public final class LessonFile {
    /** The ending of a lesson file's name. */
    public static final String SUFFIX = ".lesson.md";
    private static final List<String> LESSON_KEYS = List.of("stage", "summary", "data");
    private static final List<String> PAGE_KEYS = List.of("show", "point", "curve", "run", "open", "compare");
    private static final List<String> RUN_KEYS = List.of("method", "backbone", "recipe", "steps", "batch-size", "eval-every", "lr",
            "temperature", "seed");

    private final String name;
    private final LessonTargets targets;
    private final List<String> problems = new ArrayList<>();

    private LessonFile(String name, LessonTargets targets) {
        this.name = name;
        this.targets = targets;
    }

    /** Reads the lesson in {@code file}; a {@link LessonException} lists what is wrong with it. */
    public static Lesson read(Path file, LessonTargets targets) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LessonException(List.of(file + ": cannot read it: " + e.getMessage()));
        } catch (UncheckedIOException e) {
            throw new LessonException(List.of(file + ": cannot read it: " + e.getCause().getMessage()));
        }
        return parse(file.toString(), text, targets);
    }

    /** Reads a lesson from its text; {@code source} names it in messages and gives its id. */
    public static Lesson parse(String source, String text, LessonTargets targets) {
        return new LessonFile(source, targets).lesson(text);
    }

    /** The id a file's name gives ({@code ssl-stages.lesson.md} → {@code ssl-stages}). */
    public static String idOf(String fileName) {
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        return base.endsWith(SUFFIX) ? base.substring(0, base.length() - SUFFIX.length()) : base;
    }

    private Lesson lesson(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        String title = null;
        Map<String, String> settings = new LinkedHashMap<>();
        List<Draft> drafts = new ArrayList<>();
        Draft page = null;
        boolean inSettings = false;
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.startsWith("## ")) {
                page = new Draft(line.substring(3).strip(), n);
                drafts.add(page);
                inSettings = true;
            } else if (line.startsWith("# ")) {
                if (title != null) {
                    problem(n, "a second lesson title (\"# …\"); pages start with \"## \"");
                }
                title = line.substring(2).strip();
                inSettings = true;
            } else if (line.isEmpty()) {
                inSettings = false;
                if (page != null) {
                    page.text.add("");
                }
            } else if (title == null) {
                problem(n, "a lesson starts with its title: a line \"# Title\"");
                throw new LessonException(problems);
            } else if (inSettings) {
                setting(n, line, page == null ? settings : page.settings, page == null ? LESSON_KEYS : PAGE_KEYS);
            } else if (page == null) {
                problem(n, "text before the first page: start a page with \"## Page title\"");
            } else {
                page.text.add(line);
            }
        }
        if (title == null) {
            problem(1, "the file is empty: a lesson starts with \"# Title\"");
            throw new LessonException(problems);
        }
        if (drafts.isEmpty()) {
            problem(lines.length, "no pages: add at least one \"## Page title\" with its text");
        }
        int stage = stage(settings);
        String data = settings.getOrDefault("data", MethodPresets.SHAPES);
        List<Lesson.Page> pages = new ArrayList<>();
        for (Draft d : drafts) {
            pages.add(d.page(data));
        }
        if (!problems.isEmpty()) {
            throw new LessonException(problems);
        }
        return new Lesson(idOf(name), title, stage, settings.getOrDefault("summary", ""), data, pages, name);
    }

    private int stage(Map<String, String> settings) {
        String s = settings.get("stage");
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            problem(0, "stage: a whole number (1 to 4 for the survey's stages), got \"" + s + "\"");
            return 0;
        }
    }

    private void setting(int n, String line, Map<String, String> into, List<String> keys) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (colon < 0 || !keys.contains(key)) {
            problem(n, (colon < 0 ? "\"" + abbreviate(line) + "\" is not a setting" : "unknown setting \"" + key + "\"")
                    + " (settings here: " + String.join(", ", keys) + "); leave a blank line before the text");
            return;
        }
        if (into.containsKey(key)) {
            problem(n, "\"" + key + "\" is set twice");
        }
        into.put(key, line.substring(colon + 1).strip());
    }

    private void problem(int line, String message) {
        problems.add(name + (line > 0 ? ":" + line : "") + ": " + message);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A page as read, before its settings are checked. */
    private final class Draft {
        final String title;
        final int line;
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<String> text = new ArrayList<>();

        Draft(String title, int line) {
            this.title = title;
            this.line = line;
        }

        Lesson.Page page(String data) {
            String body = String.join("\n", text).strip().replaceAll("\n{3,}", "\n\n");
            if (title.isEmpty()) {
                problem(line, "a page needs a title after \"## \"");
            }
            if (body.isEmpty() && settings.isEmpty()) {
                problem(line, "the page \"" + title + "\" is empty: give it text, or something to show or run");
            }
            String show = settings.get("show");
            String point = settings.get("point");
            if (show != null && !targets.hasView(show)) {
                problem(line, "show: no view \"" + show + "\" (views: " + String.join(", ", targets.points().keySet().stream()
                        .sorted().toList()) + ")");
            }
            if (point != null) {
                String holder = targets.viewOf(point);
                if (holder == null) {
                    problem(line, "point: nothing called \"" + point + "\"" + (show != null && targets.hasView(show)
                            ? " in the " + show + " view (there: " + String.join(", ", targets.points().get(show)) + ")" : ""));
                } else if (show != null && !show.equals(holder)) {
                    problem(line, "point: \"" + point + "\" is in the " + holder + " view, not in " + show);
                } else if (show == null) {
                    show = holder;
                }
            }
            String open = settings.get("open");
            if (open != null && !targets.examples().contains(open)) {
                problem(line, "open: no example \"" + open + "\" ships with the app (examples: "
                        + String.join(", ", targets.examples().stream().sorted().toList()) + ")");
            }
            LessonRun run = settings.containsKey("run") ? run(settings.get("run"), data) : null;
            int compare = compare(settings.get("compare"));
            if (compare > 0 && show != null && !show.equals("runs")) {
                problem(line, "compare: the runs are compared in the runs view, not in " + show);
            }
            return new Lesson.Page(title, body, compare > 0 && show == null ? "runs" : show, point, settings.get("curve"), run, open,
                    compare);
        }

        private int compare(String value) {
            if (value == null) {
                return 0;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= 2 && n <= 8) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            problem(line, "compare: how many of the latest runs to draw together, 2 to 8, got \"" + value + "\"");
            return 0;
        }

        private LessonRun run(String spec, String data) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String token : spec.split("\\s+")) {
                int eq = token.indexOf('=');
                if (eq <= 0 || eq == token.length() - 1) {
                    problem(line, "run: \"" + token + "\" is not NAME=VALUE (e.g. method=simclr steps=250)");
                    return null;
                }
                values.put(token.substring(0, eq).toLowerCase(Locale.ROOT), token.substring(eq + 1));
            }
            try {
                TrainConfig small = MethodPresets.small(values.getOrDefault("method", "simclr"), data);
                TrainConfigBuilder b = small.toBuilder();
                Map<String, Double> params = new LinkedHashMap<>(small.methodParams());
                for (Map.Entry<String, String> e : values.entrySet()) {
                    apply(b, e.getKey(), e.getValue(), params);
                }
                b.methodParams(params);
                TrainConfig probe = b.build();
                if (!values.containsKey("eval-every")) {
                    b.evalEvery(Math.max(1, probe.steps() / 5)); // the kNN moves on the chart while the class watches
                }
                return new LessonRun(spec, b.build());
            } catch (NumberFormatException e) {
                problem(line, "run: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                problem(line, "run: " + e.getMessage());
            }
            return null;
        }

        private void apply(TrainConfigBuilder b, String key, String value, Map<String, Double> params) {
            switch (key) {
                case "method" -> { }
                case "backbone" -> b.backbone(value);
                case "recipe" -> {
                    var views = RecipeFiles.resolve(value);
                    b.views(views).imageSize(views.globalSize());
                }
                case "steps" -> b.steps(whole(key, value)).epochs(0);
                case "batch-size" -> b.batchSize(whole(key, value));
                case "eval-every" -> b.evalEvery(whole(key, value));
                case "seed" -> b.seed(whole(key, value));
                case "lr" -> b.learningRate(number(key, value));
                case "temperature" -> b.temperature((float) number(key, value));
                default -> params.put(key, number(key, value));
            }
        }

        private static int whole(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new NumberFormatException(key + " must be a whole number, got \"" + value + "\"");
            }
        }

        private static double number(String key, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new NumberFormatException(key + " must be a number, got \"" + value + "\"" + (RUN_KEYS.contains(key) ? ""
                        : " (a method setting; run settings: " + String.join(", ", RUN_KEYS) + ")"));
            }
        }
    }
}
