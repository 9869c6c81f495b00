package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Option;

/**
 * What the evaluation commands ({@code eval knn}, {@code eval linear}) share: the run, the
 * labelled dataset, the random-initialisation switch, and loading the two.
 */
public final class EvaluatedRun {
    @Option(names = "--run", required = true, description = "a run folder written by `contrastlab train`")
    Path run;
    @Option(names = "--data", required = true, description = "the labelled dataset to evaluate on")
    String data;
    @Option(names = "--random-init", description = "evaluate the same backbone at its random initialisation")
    boolean randomInit;
    private TrainConfig config;

    /** The run's configuration, read once. */
    TrainConfig config() {
        if (config == null) {
            config = RunDirectory.open(run).config();
        }
        return config;
    }

    /** The dataset, stored as the run stored its own; refused when it lacks labelled training and held-out images. */
    DatasetSplits splits(String purpose) {
        DatasetSplits splits = Datasets.open(data, new LoadOptions(config().storageSize(), 0.1, config().seed()));
        if (!splits.hasLabelledTest() || !splits.train().isLabelled()) {
            throw new DatasetException(data + ": " + purpose + " needs labelled training and held-out images");
        }
        return splits;
    }

    /** The run's backbone from its latest checkpoint (or at random initialisation), on {@code manager}. */
    TrainingModel.Loaded backbone(NDManager manager) {
        return TrainingModel.load(RunDirectory.open(run), manager, randomInit);
    }

    /** "trained" or "randomly initialised", for messages. */
    String state() {
        return randomInit ? "randomly initialised" : "trained";
    }
}
