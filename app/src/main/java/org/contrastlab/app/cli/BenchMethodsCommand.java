package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.RuntimeReport;
import org.contrastlab.core.method.MethodPreset;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench methods}: every method's small preset trained on the same data for
 * the same budget, one row per method: kNN top-1 at the end, the same backbone at random
 * initialisation (the kNN of step 0, same seed), images/s after the first steps, and the peak
 * resident memory, and the gain over random initialisation in points. Ends with
 * {@code methods_learning=<beating random>/<methods>}, {@code methods_plus3=<beating it by 3 points or more>/<methods>}
 * (issue 21's bar) and {@code total_seconds=<the whole table>}.
 */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "Train every method's small preset for the same budget and compare kNN with random initialisation.")
public final class BenchMethodsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--data", required = true, description = "a labelled dataset, e.g. ../shared/data/cifar10")
    String data;
    @Option(names = "--steps", description = "optimizer steps per method (default: each method's budget, 200 for most)")
    Integer steps;
    @Option(names = "--batch-size", description = "images per step (default: each method's budget, 256 for most)")
    Integer batchSize;
    @Option(names = "--backbone", description = "backbone of every method (default: each method's, convnet-small for most)")
    String backbone;
    @Option(names = "--methods", split = ",", description = "methods to run (default: all)")
    List<String> methods;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> ids = methods != null ? methods : MethodSpec.all().stream().map(MethodSpec::id).toList();
        DatasetSplits splits = Datasets.open(data, new LoadOptions(64, 0.1, 42));
        out.printf(Locale.ROOT, "%s: %d train, %d test images; %s; %s%n", splits.name(),
                splits.train().size(), splits.test() == null ? 0 : splits.test().size(),
                backbone == null ? "each method's backbone" : backbone,
                steps == null && batchSize == null ? "each method's budget (steps × batch)"
                        : (steps == null ? "each method's steps" : steps + " steps") + " of "
                        + (batchSize == null ? "each method's batch" : batchSize + " images"));
        spec.commandLine().getErr().printf(Locale.ROOT, "huge pages: %s%n", RuntimeReport.hugePages()); // the table's times depend on it
        out.printf(Locale.ROOT, "%-13s %9s %11s %9s %12s %8s %11s %7s  %s%n", "method", "knn_top1", "random_init",
                "images/s", "peak_rss_mb", "seconds", "budget", "gain", "backbone");
        out.flush();
        int learning = 0;
        int plus3 = 0;
        long started = System.nanoTime();
        for (String id : ids) {
            MethodPreset.Budget budget = MethodPresets.benchBudget(id, data);
            int n = steps != null ? steps : budget.steps();
            int batch = batchSize != null ? batchSize : budget.batchSize();
            TrainConfig preset = MethodPresets.small(id, data);
            TrainConfig config = preset.toBuilder().backbone(backbone == null ? preset.backbone() : backbone).batchSize(batch)
                    .steps(n).evalEvery(n).checkpointEvery(0).build();
            List<Double> knn = new ArrayList<>();
            List<Double> speed = new ArrayList<>();
            long[] peak = {0};
            Trainer.Result r = new Trainer(config, splits, null, e -> {
                if (e instanceof TrainingEvent.Evaluated ev) {
                    knn.add(ev.knnTop1());
                } else if (e instanceof TrainingEvent.StepCompleted st) {
                    if (st.step() > Math.min(5, n / 5)) {
                        speed.add(st.imagesPerSecond());
                    }
                    peak[0] = Math.max(peak[0], st.residentBytes());
                }
            }, DeviceChoice.parse(common.device).device()).run(() -> false);
            double random = knn.get(0);
            double end = r.knnTop1();
            learning += end > random ? 1 : 0;
            double gain = 100 * (end - random);
            plus3 += gain >= 3 ? 1 : 0;
            double ips = speed.stream().mapToDouble(Double::doubleValue).sorted().skip(speed.size() / 2).findFirst().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%-13s %9.4f %11.4f %9.1f %12d %8.0f %11s %+7.2f  %s%n", id, end, random, ips,
                    peak[0] >> 20, r.seconds(), n + "×" + batch, gain, config.backbone());
            out.flush();
        }
        out.printf(Locale.ROOT, "methods_learning=%d/%d%n", learning, ids.size());
        out.printf(Locale.ROOT, "methods_plus3=%d/%d%n", plus3, ids.size());
        out.printf(Locale.ROOT, "total_seconds=%.0f%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
