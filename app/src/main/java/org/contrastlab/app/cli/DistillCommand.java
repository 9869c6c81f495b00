package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.fewlabels.Classifier;
import org.contrastlab.core.fewlabels.ClassifierFile;
import org.contrastlab.core.fewlabels.Distill;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.fewlabels.FineTune;
import org.contrastlab.core.fewlabels.HeadLayers;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab distill}: SimCLR v2's third step. The network that {@code eval finetune} kept
 * in a run teaches a student (the same architecture, or a smaller backbone) on every training
 * image, labels unused, through its softened class distribution; the student's top-1 on the
 * held-out split is printed last, beside the teacher's. A run that was never fine-tuned is refused.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distil a run's fine-tuned network into a student on the unlabelled images; prints distill_top1=<fraction>.")
public final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Option(names = "--teacher", required = true, description = "a run fine-tuned with `contrastlab eval finetune`")
    Path teacher;
    @Option(names = "--data", required = true, description = "the data set the teacher was fine-tuned on")
    String data;
    @Option(names = "--labels", description = "which of the run's fine-tuned networks, by its labels (default: its only one)")
    String labels;
    @Option(names = "--seed", description = "the seed that network was fine-tuned with (default: the run's)")
    Long seed;
    @Option(names = "--student", defaultValue = "self", description = "the student's backbone id, or self for the teacher's "
            + "architecture (default: ${DEFAULT-VALUE})")
    String student;
    @Option(names = "--epochs", defaultValue = "25", description = "passes over the training images (default: ${DEFAULT-VALUE}; "
            + "on the CIFAR subset 10 left the student 2.2 points below its teacher, 25 left it 0.75 below)")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "128", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0.1", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--temperature", defaultValue = "1.0", description = "softening temperature of both distributions (default: "
            + "${DEFAULT-VALUE}, SimCLR v2's)")
    double temperature;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RunDirectory run = RunDirectory.open(teacher);
        TrainConfig config = run.config();
        long s = seed != null ? seed : config.seed();
        Path file = teacherFile(s);
        FineTune.Options options = new FineTune.Options(epochs, batchSize, lr, 5e-4, 0.2, s);
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, config.seed())), err);
        if (!splits.hasLabelledTest()) {
            throw new IllegalArgumentException(data + ": distillation is measured on labelled held-out images, and this data has none");
        }
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.parse(common.device).device())) {
            ClassifierFile.Kept kept = ClassifierFile.open(file);
            ClassifierFile.Meta meta = kept.meta();
            TrainingModel.Loaded shape = meta.headLayers() > 0 ? HeadLayers.load(run, manager, true, meta.headLayers())
                    : TrainingModel.load(run, manager, true);
            Classifier net = Classifier.withNewHead(shape.backbone(), splits.train().classNames().size(), shape.imageSize(), manager);
            kept.loadInto(net);
            String studentId = student.equals("self") ? config.backbone() : student;
            TrainingModel.Loaded pupil = TrainingModel.random(studentId, splits.train(), shape.imageSize(), manager);
            err.printf(Locale.ROOT, "teacher: %s fine-tuned on %s (%d labels, seed %d; top-1 %.4f then); student: %s from random "
                    + "init; %d epochs over %d unlabelled images, temperature %s%n", file, meta.labels(), meta.labelled(), meta.seed(),
                    meta.top1(), studentId, epochs, splits.train().size(), temperature);
            err.flush();
            Distill.Result r = Distill.run(net, pupil.backbone(), shape.normalization(), shape.imageSize(), splits.train(), splits.test(),
                    options, temperature, manager, (step, steps, loss) -> {
                        err.printf(Locale.ROOT, "step %d/%d  loss %.4f%n", step, steps, loss);
                        err.flush();
                    });
            FewLabelResults.add(teacher, new FewLabelResults.Entry("distill", studentId, meta.labels(), meta.labelled(), s,
                    r.studentTop1(), r.steps()));
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "teacher_top1=%.4f", r.teacherTop1()));
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "distill_top1=%.4f", r.studentTop1()));
        }
        return 0;
    }

    /** The fine-tuned network to distil: the one named by --labels, or the run's only one. */
    private Path teacherFile(long s) {
        if (labels != null) {
            Path f = ClassifierFile.of(teacher, labels, s);
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(teacher + " was never fine-tuned on " + labels + " with seed " + s + ": run "
                        + "`contrastlab eval finetune --run " + teacher + " --data " + data + " --labels " + labels + "` first");
            }
            return f;
        }
        List<Path> kept = ClassifierFile.all(teacher);
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(teacher + " was never fine-tuned: run `contrastlab eval finetune --run " + teacher
                    + " --data " + data + " --labels 10%` first (distillation needs a fine-tuned teacher)");
        }
        if (kept.size() > 1) {
            throw new IllegalArgumentException(teacher + " holds " + kept.size() + " fine-tuned networks " + kept.stream()
                    .map(p -> p.getFileName().toString()).toList() + ": say which with --labels (and --seed)");
        }
        return kept.get(0);
    }
}
