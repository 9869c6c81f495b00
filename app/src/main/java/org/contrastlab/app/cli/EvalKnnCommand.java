package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.eval.KnnMonitor;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab eval knn}: weighted kNN top-1 of a run's backbone, the training split as
 * the bank and the held-out split as queries; {@code --random-init} gives the untrained
 * baseline a trained model must beat.
 */
@Command(name = "knn", mixinStandardHelpOptions = true, description = "Weighted kNN top-1 of a run's backbone; prints knn_top1=<fraction>.")
public final class EvalKnnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Mixin
    EvaluatedRun target;
    @Option(names = "--k", defaultValue = "200", description = "neighbours (default: ${DEFAULT-VALUE})")
    int k;
    @Option(names = "--temperature", defaultValue = "0.1", description = "vote temperature τ (default: ${DEFAULT-VALUE})")
    float temperature;

    @Override
    public Integer call() {
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("--k must be ≥ 1 and --temperature positive");
        }
        DatasetSplits splits = target.splits("kNN", spec.commandLine().getErr());
        DeviceChoice device = DeviceChoice.parse(common.device);
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            TrainingModel.Loaded model = target.backbone(manager);
            if (target.description() != null) {
                spec.commandLine().getErr().println(target.description());
            }
            double top1 = new KnnMonitor(splits.train(), splits.test(), k, temperature)
                    .evaluate(model.backbone(), new ParameterStore(manager, false), model.normalization(), model.imageSize(), manager);
            spec.commandLine().getErr().printf(Locale.ROOT, "%s %s of %s (step %d), bank %d, queries %d, k=%d, τ=%s%n",
                    target.state(), model.network().replace('_', ' '), target.path(), model.step(), splits.train().size(),
                    splits.test().size(), k, temperature);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "knn_top1=%.4f", top1));
        }
        return 0;
    }
}
