package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.eval.KnnMonitor;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
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

    @Option(names = "--run", required = true, description = "a run folder written by `contrastlab train`")
    Path run;
    @Option(names = "--data", required = true, description = "the labelled dataset to evaluate on")
    String data;
    @Option(names = "--k", defaultValue = "200", description = "neighbours (default: ${DEFAULT-VALUE})")
    int k;
    @Option(names = "--temperature", defaultValue = "0.1", description = "vote temperature τ (default: ${DEFAULT-VALUE})")
    float temperature;
    @Option(names = "--random-init", description = "evaluate the same backbone at its random initialisation")
    boolean randomInit;

    @Override
    public Integer call() {
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("--k must be ≥ 1 and --temperature positive");
        }
        RunDirectory runDir = RunDirectory.open(run);
        TrainConfig config = runDir.config();
        DeviceChoice device = DeviceChoice.parse(common.device);
        DatasetSplits splits = Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, config.seed()));
        if (!splits.hasLabelledTest() || !splits.train().isLabelled()) {
            throw new DatasetException(data + ": kNN needs labelled training and held-out images");
        }
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            TrainingModel.Loaded model = TrainingModel.load(runDir, manager, randomInit);
            double top1 = new KnnMonitor(splits.train(), splits.test(), k, temperature)
                    .evaluate(model.backbone(), new ParameterStore(manager, false), model.normalization(), model.imageSize(), manager);
            spec.commandLine().getErr().printf(Locale.ROOT, "%s backbone of %s (step %d), bank %d, queries %d, k=%d, τ=%s%n",
                    randomInit ? "randomly initialised" : "trained", run, model.step(), splits.train().size(),
                    splits.test().size(), k, temperature);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "knn_top1=%.4f", top1));
        }
        return 0;
    }
}
