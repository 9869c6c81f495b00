package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.fewlabels.ClassifierFile;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.fewlabels.FineTune;
import org.contrastlab.core.fewlabels.HeadLayers;
import org.contrastlab.core.fewlabels.LabelSubset;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab eval finetune}: SimCLR v2's fine-tuning on few labels. The run's encoder and
 * a new classifier are trained on a class-balanced share of the training labels (kept in the run
 * as {@code labels/…}, so every evaluation that asks for the same share gets the same images) and
 * scored on the held-out split; {@code --random-init} trains the same network from its random
 * start on the same labels, the supervised-only line to beat. Results are added to the run's
 * {@code fewlabels.jsonl}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a run's encoder on a share of the labels; prints finetune_top1=<fraction>.")
public final class EvalFinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    EvaluatedRun target;
    @Option(names = "--labels", required = true, description = "the labelled images: a share of each class (10%%, 1%%), a count per "
            + "class (25/class) or a file of training-image indices, one per line")
    String labels;
    @Option(names = "--epochs", defaultValue = "30", description = "passes over the labelled images (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0.05", description = "peak learning rate, SGD with Nesterov momentum (default: "
            + "${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--seed", description = "seed of the label subset and the fine-tuning (default: the run's)")
    Long seed;
    @Option(names = "--head-layers", description = "hidden layers of the run's projection head kept on the encoder (default: 1 "
            + "for a three-layer head, SimCLR v2's fine-tuning \"from the first layer of the projection head\"; 0 otherwise)")
    Integer headLayers;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        FineTune.Options options = new FineTune.Options(epochs, batchSize, lr, weightDecay, 0.2, seed != null ? seed : target.seed());
        DatasetSplits splits = target.splits("fine-tuning", err);
        LabelSubset subset = target.labelSubset(labels, options.seed(), splits, err);
        DeviceChoice device = DeviceChoice.parse(common.device);
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            int layers = headLayers != null ? headLayers : target.defaultHeadLayers();
            if (layers < 0) {
                throw new IllegalArgumentException("--head-layers must be 0 or more, got " + layers);
            }
            TrainingModel.Loaded model = target.backbone(manager, layers);
            if (target.description() != null) {
                err.println(target.description());
            }
            err.printf(Locale.ROOT, "fine-tuning the %s %s of %s (step %d) with a new classifier: %d epochs of %d images, lr %s%n",
                    target.state(), model.network().replace('_', ' '), target.path(), model.step(), epochs, Math.min(batchSize,
                            subset.size()), lr);
            err.flush();
            // the fine-tuned network is kept in the run for distillation (a random-init baseline is not)
            Path kept = target.isRun() && !target.randomInit() ? ClassifierFile.of(target.path(), labels, options.seed()) : null;
            FineTune.Result r = FineTune.run(model.backbone(), model.normalization(), model.imageSize(), subset.of(splits.train()),
                    splits.test(), options, manager, (step, steps, loss) -> {
                        err.printf(Locale.ROOT, "step %d/%d  loss %.4f%n", step, steps, loss);
                        err.flush();
                    }, kept == null ? null : (net, result) -> ClassifierFile.write(kept, net, new ClassifierFile.Meta(labels,
                            options.seed(), net.classes(), subset.size(), result.testTop1(), layers)));
            if (kept != null) {
                err.println("fine-tuned network kept as " + kept + " (the teacher `contrastlab distill` reads)");
            }
            err.printf(Locale.ROOT, "labelled top-1 %.4f after %d steps; held-out: %d images%n", r.trainTop1(), r.steps(),
                    splits.test().size());
            if (target.isRun()) {
                FewLabelResults.add(target.path(), new FewLabelResults.Entry("finetune",
                        HeadLayers.label(target.randomInit() ? "random" : "trained", layers),
                        labels, subset.size(), options.seed(), r.testTop1(), r.steps()));
            }
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "finetune_top1=%.4f", r.testTop1()));
        }
        return 0;
    }
}
