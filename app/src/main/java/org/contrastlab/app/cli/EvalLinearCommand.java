package org.contrastlab.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.eval.Embedder;
import org.contrastlab.core.eval.LinearProbe;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab eval linear}: the linear probe of a run's frozen backbone, trained on the
 * training split's features and scored on the held-out split; {@code --random-init} gives the
 * untrained baseline.
 */
@Command(name = "linear", mixinStandardHelpOptions = true,
        description = "Linear probe on a run's frozen backbone; prints linear_top1=<fraction>.")
public final class EvalLinearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Mixin
    EvaluatedRun target;
    @Option(names = "--epochs", defaultValue = "100", description = "passes over the training features (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--lr", defaultValue = "0.1", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--labels", description = "train the probe on these labelled images only, as eval finetune takes them: a share "
            + "of each class (10%%), a count per class (25/class) or a file of indices (default: all)")
    String labels;

    @Override
    public Integer call() {
        if (epochs < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("--epochs must be ≥ 1 and --lr positive");
        }
        DatasetSplits splits = target.splits("a linear probe", spec.commandLine().getErr());
        DeviceChoice device = DeviceChoice.parse(common.device);
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            TrainingModel.Loaded model = target.backbone(manager);
            if (target.description() != null) {
                spec.commandLine().getErr().println(target.description());
            }
            Embedder embedder = new Embedder(model.backbone(), new ParameterStore(manager, false), model.normalization(),
                    model.imageSize(), 256);
            ImageStore probed = splits.train();
            if (labels != null) {
                probed = target.labelSubset(labels, target.seed(), splits, spec.commandLine().getErr()).of(splits.train());
            }
            NDArray train = embedder.embed(probed, manager);
            NDArray test = embedder.embed(splits.test(), manager);
            LinearProbe.Options o = new LinearProbe.Options(epochs, Math.min(256, probed.size()), lr, 1e-4, target.seed());
            LinearProbe.Result r = LinearProbe.fit(train, probed.labels(), test, splits.test().labels(),
                    splits.train().classNames().size(), o);
            if (labels != null && target.isRun()) {
                FewLabelResults.add(target.path(), new FewLabelResults.Entry("linear", target.randomInit() ? "random" : "trained", labels,
                        probed.size(), target.seed(), r.testTop1(), epochs));
            }
            spec.commandLine().getErr().printf(Locale.ROOT, "%s %s of %s (step %d): %d training, %d held-out features of %d dims; train "
                    + "top-1 %.4f%n",
                    target.state(), model.network().replace('_', ' '), target.path(), model.step(), probed.size(), splits.test()
                            .size(),
                    train.getShape().get(1), r.trainTop1());
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "linear_top1=%.4f", r.testTop1()));
        }
        return 0;
    }
}
