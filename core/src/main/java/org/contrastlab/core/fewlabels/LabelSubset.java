package org.contrastlab.core.fewlabels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.io.AtomicFiles;

/**
 * The labelled part of a training split for the few-labels evaluations (SimCLR v2's 1 % and 10 %
 * of the labels): a share of each class ({@code 10%}), a count per class ({@code 25/class}), or
 * a list file of training-image indices, one per line. Shares and counts are drawn class by class
 * from a seed, so the subset is balanced and the same for the same seed; it is written into the
 * run ({@code labels/<name>-seed<seed>.txt}) and read back by every evaluation that asks for it,
 * so that their results compare. A subset that leaves a class without a label, or data without
 * labels, is refused before anything trains.
 *
 * @param spec    what was asked for, as written ({@code 10%}, {@code 25/class}, a file)
 * @param seed    the seed it was drawn with
 * @param indices the labelled images of the training split, ascending
 */
public record LabelSubset(String spec, long seed, int[] indices) {
    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern PER_CLASS = Pattern.compile("(\\d+)/class");
    private static final Pattern SPLIT_SIZE = Pattern.compile("# of (\\d+) training images.*");

    public LabelSubset {
        indices = indices.clone();
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    public int size() {
        return indices.length;
    }

    /**
     * The subset {@code spec} asks for from {@code train}: read from the run's copy when the run
     * has one for this spec and seed, else drawn and written there ({@code runDir} null: not kept).
     */
    public static LabelSubset forRun(Path runDir, String spec, ImageStore train, long seed) {
        Path file = runDir == null ? null : runDir.resolve("labels").resolve(fileName(spec, seed));
        if (file != null && Files.isRegularFile(file)) {
            LabelSubset kept = read(file, spec, seed, train.size());
            checkClasses(kept.indices, train, spec);
            return kept;
        }
        LabelSubset drawn = draw(spec, train, seed);
        if (file != null) {
            drawn.write(file, train);
        }
        return drawn;
    }

    /** Draws the subset {@code spec} asks for (a list file is read) from {@code train}. */
    public static LabelSubset draw(String spec, ImageStore train, long seed) {
        if (!train.isLabelled()) {
            throw new IllegalArgumentException("--labels " + spec + ": the training images have no labels to choose from");
        }
        int[] labels = train.labels();
        List<String> classes = train.classNames();
        Matcher share = SHARE.matcher(spec);
        Matcher perClass = PER_CLASS.matcher(spec);
        int[] chosen;
        if (share.matches() || perClass.matches()) {
            double fraction = share.matches() ? Double.parseDouble(share.group(1)) / 100 : Double.NaN;
            if (share.matches() && !(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("--labels " + spec + ": a share must be more than 0 % and at most 100 %");
            }
            int count = perClass.matches() ? Integer.parseInt(perClass.group(1)) : -1;
            chosen = balanced(labels, classes, fraction, count, seed, spec);
        } else {
            Path file = Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--labels " + spec + ": neither a share (10%), a count per class (25/class) nor a "
                        + "readable list file of training-image indices");
            }
            chosen = read(file, spec, seed, labels.length).indices;
        }
        checkClasses(chosen, train, spec);
        return new LabelSubset(spec, seed, chosen);
    }

    /** Per class, its images shuffled by the seed and the first share or count of them. */
    private static int[] balanced(int[] labels, List<String> classes, double fraction, int count, long seed, String spec) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            int k = count >= 0 ? count : (int) Math.round(fraction * members.size());
            if (k < 1 || k > members.size()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--labels %s: class '%s' has %d training images, so it would "
                        + "get %d labels; choose a %s", spec, classes.get(c), members.size(), k,
                        k < 1 ? "larger share or a count per class" : "count of at most " + members.size()));
            }
            Collections.shuffle(members, new Random(seed * 1_000_003L + c));
            out.addAll(members.subList(0, k));
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static void checkClasses(int[] chosen, ImageStore train, String spec) {
        int[] labels = train.labels();
        int[] per = new int[train.classNames().size()];
        for (int i : chosen) {
            if (labels[i] >= 0) {
                per[labels[i]]++;
            }
        }
        for (int c = 0; c < per.length; c++) {
            if (per[c] == 0) {
                throw new IllegalArgumentException("--labels " + spec + ": no labelled image of class '" + train.classNames().get(c)
                        + "'; every class needs at least one");
            }
        }
    }

    /** Labelled images per class, in class order. */
    public int[] perClass(ImageStore train) {
        int[] labels = train.labels();
        int[] per = new int[train.classNames().size()];
        for (int i : indices) {
            per[labels[i]]++;
        }
        return per;
    }

    /** The labelled images of {@code train}. */
    public ImageStore of(ImageStore train) {
        return train.subset(indices);
    }

    /** The file name a run keeps this subset under: the spec made safe for a file name, and the seed. */
    static String fileName(String spec, long seed) {
        String name = spec.replace("%", "pct").replace("/", "-per-");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            name = Path.of(spec).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        }
        return name + "-seed" + seed + ".txt";
    }

    /** Writes the subset atomically: a comment header (spec, seed, size of the split), then an index per line. */
    void write(Path file, ImageStore train) {
        StringBuilder s = new StringBuilder();
        s.append("# labelled training images: ").append(spec).append(", seed ").append(seed).append('\n');
        s.append("# of ").append(train.size()).append(" training images; per class ").append(Arrays.toString(perClass(train))).append('\n');
        for (int i : indices) {
            s.append(i).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the label subset (" + e.getMessage() + ")", e);
        }
    }

    /** A list file: an index per line, '#' comments; each index must lie in the split. */
    static LabelSubset read(Path file, String spec, long seed, int splitSize) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the label subset (" + e.getMessage() + ")", e);
        }
        int[] out = new int[lines.size()];
        int n = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            Matcher drawnFrom = SPLIT_SIZE.matcher(line);
            if (drawnFrom.matches() && Integer.parseInt(drawnFrom.group(1)) != splitSize) {
                throw new IllegalArgumentException(file + ": drawn from " + drawnFrom.group(1) + " training images, but this data has "
                        + splitSize + "; remove the file or choose another --seed");
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (ln + 1) + " is not an image index: '" + line + "'");
            }
            if (index < 0 || index >= splitSize) {
                throw new IllegalArgumentException(file + ": line " + (ln + 1) + ": index " + index + " is outside the training split (0.."
                        + (splitSize - 1) + ")");
            }
            out[n++] = index;
        }
        int[] indices = Arrays.stream(out, 0, n).sorted().distinct().toArray();
        if (indices.length == 0) {
            throw new IllegalArgumentException(file + ": lists no image index");
        }
        return new LabelSubset(spec, seed, indices);
    }
}
