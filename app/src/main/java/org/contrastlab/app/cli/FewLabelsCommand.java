package org.contrastlab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab fewlabels}: the label-efficiency table of a run, what {@code eval finetune},
 * {@code eval linear --labels}, {@code eval mean-teacher} and {@code distill} recorded in it: a
 * line per result and, with {@code --csv}, the same as CSV (the Runs tab draws it as top-1 against
 * the labelled images).
 */
@Command(name = "fewlabels", mixinStandardHelpOptions = true,
        description = "The few-labels results recorded in a run (top-1 by path and labels), as a table and a CSV; with --grid, "
                + "runs the label-efficiency grid first.")
public final class FewLabelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--run", required = true, description = "a run folder")
    Path run;
    @Option(names = "--csv", description = "write the results as CSV here")
    Path csv;
    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;
    @Option(names = "--grid", split = ",", description = "first run these shares of the labels (e.g. 1%%,10%%,100%%) by every path "
            + "of --paths, each as its own command with its defaults, skipping what the run has recorded; needs --data")
    List<String> grid;
    @Option(names = "--paths", split = ",", defaultValue = "supervised,linear,finetune,distill,mean-teacher",
            description = "the grid's paths (default: ${DEFAULT-VALUE})")
    List<String> paths;
    @Option(names = "--data", description = "the labelled data set the grid runs on")
    String data;
    @Option(names = "--device", defaultValue = "auto", description = "the grid's device: auto, cpu, gpu or gpu:N (default: "
            + "${DEFAULT-VALUE})")
    String device;

    @Override
    public Integer call() {
        if (grid != null) {
            if (data == null) {
                throw new IllegalArgumentException("--grid needs --data, the labelled data set to run on");
            }
            FewLabelsGrid cells = new FewLabelsGrid(run, data, grid, paths, device);
            PrintWriter err = spec.commandLine().getErr();
            cells.check(err);
            int code = cells.run(err);
            if (code != 0) {
                return code;
            }
        }
        List<FewLabelResults.Entry> entries = FewLabelResults.read(run);
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(run + " has no few-labels results yet: run `contrastlab eval finetune --run " + run
                    + " --data D --labels 10%` (or eval linear --labels, eval mean-teacher, distill)");
        }
        out.printf(Locale.ROOT, "%-13s %-14s %-10s %9s %7s %8s%n", "path", "encoder", "labels", "labelled", "steps", "top1");
        for (FewLabelResults.Entry e : entries) {
            out.printf(Locale.ROOT, "%-13s %-14s %-10s %9d %7d %8.4f%n", e.kind(), e.init(), e.labels(), e.labelled(), e.steps(), e.top1());
        }
        if (csv != null) {
            try {
                AtomicFiles.writeString(csv, FewLabelResults.csv(entries));
            } catch (IOException e) {
                throw new UncheckedIOException(csv + ": cannot write (" + e.getMessage() + ")", e);
            }
            out.println("csv=" + csv);
        }
        return 0;
    }
}
