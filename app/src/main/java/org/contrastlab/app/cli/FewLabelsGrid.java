package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.fewlabels.LabelSubset;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;

/**
 * The label-efficiency grid of a run: every share of the labels asked for, by every path
 * (supervised-only from random init, the linear probe, fine-tuning, distillation of the
 * fine-tuned network, Mean Teacher), each cell run as its own command would run it (same
 * defaults, same label subset kept in the run) and recorded in the run's {@code fewlabels.jsonl}.
 * A cell already recorded there is not run again, so a grid stopped halfway goes on where it was.
 */
final class FewLabelsGrid {
    /** The paths in the order they run: distillation needs the fine-tuned network of its share. */
    static final List<String> PATHS = List.of("supervised", "linear", "finetune", "distill", "mean-teacher");

    private final Path run;
    private final String data;
    private final List<String> shares;
    private final List<String> paths;
    private final String device;

    FewLabelsGrid(Path run, String data, List<String> shares, List<String> paths, String device) {
        this.run = run;
        this.data = data;
        this.shares = List.copyOf(shares);
        this.paths = List.copyOf(paths);
        this.device = device;
    }

    /**
     * Checks the whole grid before anything trains: known paths, a run with a checkpoint, data
     * with labels, and every share drawable (no class left without a label).
     */
    void check(PrintWriter err) {
        for (String p : paths) {
            if (!PATHS.contains(p)) {
                throw new IllegalArgumentException("--paths: unknown path '" + p + "'; the paths are " + String.join(", ", PATHS));
            }
        }
        List<FewLabelResults.Entry> done = FewLabelResults.read(run);
        if (paths.contains("distill") && !paths.contains("finetune") && shares.stream().anyMatch(s -> !recorded(done, "finetune", s,
                false))) {
            throw new IllegalArgumentException("--paths: distill needs the fine-tuned network of its share; add finetune");
        }
        RunDirectory dir = RunDirectory.open(run);
        dir.requireCheckpoint("yet");
        TrainConfig config = dir.config();
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, config.seed())), err);
        if (!splits.hasLabelledTest() || !splits.train().isLabelled()) {
            throw new IllegalArgumentException(data + ": the grid needs labelled training and held-out images");
        }
        for (String s : shares) {
            LabelSubset.draw(s, splits.train(), config.seed());
        }
    }

    /** Runs each cell not yet recorded; returns the first failing cell's exit code, else 0. */
    int run(PrintWriter err) {
        List<String[]> cells = new ArrayList<>();
        // which cells to run is decided once, before any runs
        List<FewLabelResults.Entry> done = FewLabelResults.read(run);
        for (String share : shares) {
            for (String path : paths) {
                if (recorded(done, kind(path), share, path.equals("supervised"))) {
                    err.printf(Locale.ROOT, "grid: %s on %s already recorded in %s, kept%n", path, share, FewLabelResults.FILE);
                } else {
                    cells.add(command(path, share));
                }
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            String[] args = cells.get(i);
            err.printf(Locale.ROOT, "grid %d/%d: contrastlab %s%n", i + 1, cells.size(), String.join(" ", args));
            err.flush();
            // every line of a cell goes to the error stream: the grid's own output is its table
            int code = Cli.commandLine(err, err).execute(args);
            if (code != 0) {
                err.printf(Locale.ROOT, "grid: stopped at cell %d/%d (exit code %d); what ran is recorded, run the grid again to go on%n",
                        i + 1, cells.size(), code);
                return code;
            }
        }
        return 0;
    }

    private String[] command(String path, String share) {
        List<String> args = new ArrayList<>(switch (path) {
            case "supervised" -> List.of("eval", "finetune", "--run", run.toString(), "--random-init");
            case "linear" -> List.of("eval", "linear", "--run", run.toString());
            case "finetune" -> List.of("eval", "finetune", "--run", run.toString());
            case "distill" -> List.of("distill", "--teacher", run.toString());
            case "mean-teacher" -> List.of("eval", "mean-teacher", "--run", run.toString());
            default -> throw new IllegalArgumentException("unknown path " + path);
        });
        args.addAll(Arrays.asList("--data", data, "--labels", share, "--device", device));
        return args.toArray(String[]::new);
    }

    private static String kind(String path) {
        return path.equals("supervised") ? "finetune" : path;
    }

    /**
     * Whether {@code done} (the run's results) holds {@code kind} on {@code share}, from random init or not as
     * {@code random} (a distillation's init is its student).
     */
    private static boolean recorded(List<FewLabelResults.Entry> done, String kind, String share, boolean random) {
        return done.stream().anyMatch(e -> e.kind().equals(kind) && e.labels().equals(share)
                && (kind.equals("distill") || e.init().equals("random") == random));
    }
}
