package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.app.lesson.LessonLibrary;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.io.CacheDirectory;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.core.lesson.LessonRun;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.contrastlab.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab lessons}: lists the lessons (those that ship and those in the cache folder's
 * {@code lessons/}) and checks them; with files or folders, checks those, every problem with its
 * file and line, exit code 2 when one does not read. {@code --time} trains each page's run as the
 * window would and prints its seconds and what moved (kNN, collapse, attention), so that a lesson's
 * promise of a result within a minute is measured, not hoped.
 */
@Command(name = "lessons", mixinStandardHelpOptions = true,
        description = "List and check the lessons; with FILE or FOLDER, check those (*.lesson.md); --time trains their runs.")
public final class LessonsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..*", description = "lesson files or folders of them (default: the built-in lessons and those in "
            + "the cache folder's lessons/)")
    List<Path> files;
    @Option(names = "--time", description = "train every page's run and print its seconds, kNN and collapse at start and end")
    boolean time;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LessonLibrary.Entry> entries = entries();
        if (entries.isEmpty()) {
            err.println("no lesson files (*.lesson.md) in " + files);
            return Cli.EXIT_BAD_INPUT;
        }
        int bad = 0;
        for (LessonLibrary.Entry e : entries) {
            if (e.ok()) {
                Lesson l = e.lesson();
                long runs = l.pages().stream().filter(p -> p.run() != null).count();
                out.printf(Locale.ROOT, "%-32s stage %d  %2d pages  %d runs  %s  (%s)%n", l.id(), l.stage(), l.pages().size(), runs,
                        l.title(), e.source());
            } else {
                bad++;
                e.problems().forEach(err::println);
            }
        }
        out.flush();
        if (time) {
            for (LessonLibrary.Entry e : entries) {
                if (e.ok()) {
                    time(e.lesson(), out, err);
                }
            }
        }
        out.printf(Locale.ROOT, "lessons=%d problems=%d%n", entries.size(), bad);
        return bad == 0 ? 0 : Cli.EXIT_BAD_INPUT;
    }

    private List<LessonLibrary.Entry> entries() {
        if (files == null || files.isEmpty()) {
            return LessonLibrary.all(CacheDirectory.get().resolve("lessons"));
        }
        List<LessonLibrary.Entry> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                out.addAll(LessonLibrary.folder(f));
            } else if (Files.isRegularFile(f)) {
                out.add(LessonLibrary.read(f));
            } else {
                out.add(new LessonLibrary.Entry(f.toString(), null, List.of(f + ": no such file or folder")));
            }
        }
        return out;
    }

    /** Trains each run of the lesson as the window would (one after the other, on the lesson's data). */
    private void time(Lesson lesson, PrintWriter out, PrintWriter err) {
        DatasetSplits splits = null;
        int page = 0;
        for (Lesson.Page p : lesson.pages()) {
            page++;
            LessonRun run = p.run();
            if (run == null) {
                continue;
            }
            if (splits == null) {
                splits = Skipped.report(Datasets.open(lesson.data(), new LoadOptions(run.config().storageSize(), 0.1,
                        run.config().seed())), err);
            }
            Watch watch = new Watch();
            Trainer.Result r = new Trainer(run.config().toBuilder().checkpointEvery(0).build(), splits, null, watch,
                    DeviceChoice.parse(common.device).device()).run(() -> false);
            out.printf(Locale.ROOT, "lesson=%s page=%d seconds=%.1f loss_start=%.4f loss_end=%.4f knn_start=%.4f knn_end=%.4f "
                    + "collapse_start=%.4f collapse_end=%.4f%s  [%s]%n", lesson.id(), page, r.seconds(), watch.firstLoss, watch.lastLoss,
                    watch.firstKnn, r.knnTop1() == null ? Double.NaN : r.knnTop1(), watch.firstCollapse, watch.lastCollapse,
                    watch.attention(), run.line());
            out.flush();
        }
    }

    /** What moved during a run. */
    private static final class Watch implements TrainingListener {
        double firstKnn = Double.NaN;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        double firstCollapse = Double.NaN;
        double lastCollapse = Double.NaN;
        double firstJaccard = Double.NaN;
        double lastJaccard = Double.NaN;

        @Override
        public void onEvent(TrainingEvent e) {
            if (e instanceof TrainingEvent.Evaluated ev && Double.isNaN(firstKnn)) {
                firstKnn = ev.knnTop1();
            } else if (e instanceof TrainingEvent.StepCompleted s) {
                lastLoss = s.loss();
                firstLoss = Double.isNaN(firstLoss) ? s.loss() : firstLoss;
                if (s.monitors().containsKey("collapse")) {
                    lastCollapse = s.monitors().get("collapse");
                    firstCollapse = Double.isNaN(firstCollapse) ? lastCollapse : firstCollapse;
                }
            } else if (e instanceof TrainingEvent.AttentionScored a) {
                lastJaccard = a.jaccard();
                if (Double.isNaN(firstJaccard)) {
                    firstJaccard = a.jaccard();
                }
            }
        }

        String attention() {
            return Double.isNaN(firstJaccard) ? "" : String.format(Locale.ROOT, " jaccard_start=%.4f jaccard_end=%.4f", firstJaccard,
                    lastJaccard);
        }
    }
}
