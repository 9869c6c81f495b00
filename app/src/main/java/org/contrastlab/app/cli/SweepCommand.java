package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.RecipeKnob;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.sweep.Sweep;
import org.contrastlab.core.sweep.SweepCsv;
import org.contrastlab.core.sweep.SweepPoint;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunSummary;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainConfigBuilder;
import org.contrastlab.core.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab sweep}: InfoMin's experiment. Trains the same method once per value of a
 * view setting, prints a line per run ({@code scaleMin=0.2 knn_top1=… info_nce=…}), then
 * {@code sweep_best=<setting>=<value>} and {@code csv=<file>}; the CSV holds every run's kNN,
 * random-init kNN and the views' shared information, to plot accuracy against it.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train one method with views that share more or less (one recipe setting over a list of values); "
                + "kNN and the views' shared information per run, as a CSV.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--data", required = true, description = "a labelled dataset, e.g. sample:shapes or ../shared/data/cifar10")
    String data;
    @Option(names = "--method", defaultValue = "simclr", description = "method id (default: ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--param", required = true, description = "the view setting to turn: colorStrength (times the recipe's jitter) or "
            + "a view group's field as in a recipe file, e.g. scaleMin, blurProbability, grayscaleProbability")
    String param;
    @Option(names = "--values", required = true, split = ",", description = "the values, e.g. 0.08,0.2,0.4,0.6,0.8")
    List<Double> values;
    @Option(names = "--recipe", description = "the views to start from: a preset name or a .yaml/.json file (default: the method's)")
    String recipe;
    @Option(names = "--backbone", description = "backbone id (default: the method's)")
    String backbone;
    @Option(names = "--steps", description = "optimizer steps per run (default: the method's small preset)")
    Integer steps;
    @Option(names = "--batch-size", description = "images per step (default: the method's small preset)")
    Integer batchSize;
    @Option(names = "--seed", defaultValue = "42", description = "random seed of every run (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", required = true, description = "the folder for the runs (one per value) and sweep.csv")
    Path out;
    @Option(names = "--csv", description = "where to write the table (default: OUT/sweep.csv)")
    Path csv;
    @Option(names = "--overwrite", description = "replace runs already in --out")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecipeKnob knob = new RecipeKnob(param);
        TrainConfig base = base();
        DeviceChoice device = DeviceChoice.parse(common.device);
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(base.storageSize(), 0.1, seed)), err);
        Sweep sweep = new Sweep(base, knob, values, splits, out, overwrite, device.device());
        Path table = csv != null ? csv : out.resolve(RunSummary.SWEEP_TABLE);
        stdout.printf(Locale.ROOT, "%s on %s: %s over %s (the recipe %s has %s=%s); %d steps × %d images per run%n", method,
                splits.name(), param, values, base.viewRecipe().name(), param, Sweep.label(knob.valueIn(base.viewRecipe())),
                base.steps(), base.batchSize());
        stdout.flush();
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        List<SweepPoint> points = sweep.run(() -> false, new Sweep.Listener() {
            @Override
            public void onEvent(double value, TrainingEvent event) {
                progress.onEvent(event);
            }

            @Override
            public void onPoint(SweepPoint point) {
                stdout.println(Sweep.line(point));
                stdout.flush();
            }
        });
        SweepCsv.write(table, points);
        SweepPoint best = Sweep.best(points);
        stdout.printf(Locale.ROOT, "sweep_best=%s=%s%n", best.param(), Sweep.label(best.value()));
        stdout.printf(Locale.ROOT, "csv=%s%n", table);
        return 0;
    }

    private TrainConfig base() {
        TrainConfig small = MethodPresets.small(method, data, backbone);
        TrainConfigBuilder b = small.toBuilder().backbone(backbone == null ? small.backbone() : backbone).seed(seed).checkpointEvery(0);
        if (steps != null) {
            b.epochs(0).steps(steps);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (recipe != null) {
            ViewRecipe views = RecipeFiles.resolve(recipe);
            b.views(views).imageSize(views.globalSize());
        }
        if (Files.exists(Path.of(data))) {
            b.data(Path.of(data).toAbsolutePath().normalize().toString());
        }
        return b.build();
    }
}
