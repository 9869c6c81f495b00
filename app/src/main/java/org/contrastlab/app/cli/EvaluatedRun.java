package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.fewlabels.HeadLayers;
import org.contrastlab.core.fewlabels.LabelSubset;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the evaluation commands ({@code eval knn}, {@code eval linear}) share: the backbone (a
 * run, or a weights file), the labelled dataset, and loading the two.
 */
public final class EvaluatedRun {
    @Mixin
    BackboneSource source;
    @Option(names = "--data", required = true, description = "the labelled dataset to evaluate on")
    String data;

    /**
     * The dataset, stored as the run stored its own (or at a weights file's ViT's size); refused when it
     * lacks labelled training and held-out images.
     */
    DatasetSplits splits(String purpose, PrintWriter err) {
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(source.storageSize(), 0.1, source.seed())), err);
        if (!splits.hasLabelledTest() || !splits.train().isLabelled()) {
            throw new DatasetException(data + ": " + purpose + " needs labelled training and held-out images");
        }
        return splits;
    }

    /** The backbone from the run's latest checkpoint (or at random initialisation), or from the weights file, on {@code manager}. */
    TrainingModel.Loaded backbone(NDManager manager) {
        return source.load(manager);
    }

    /**
     * The backbone followed by the first {@code headLayers} hidden layers of the run's projection
     * head (SimCLR v2's fine-tuning); with 0 the backbone alone. A weights file has no head.
     */
    TrainingModel.Loaded backbone(NDManager manager, int headLayers) {
        if (headLayers == 0) {
            return backbone(manager);
        }
        if (!isRun()) {
            throw new IllegalArgumentException(path() + ": a weights file holds an encoder without its projection head; "
                    + "--head-layers needs a run");
        }
        return HeadLayers.load(RunDirectory.open(path()), manager, randomInit(), headLayers);
    }

    /** How many hidden layers of the projection head SimCLR v2 would fine-tune from for this backbone (0 for a weights file). */
    int defaultHeadLayers() {
        return isRun() ? HeadLayers.defaultFor(RunDirectory.open(path()).config()) : 0;
    }

    /**
     * The label subset {@code labels} of the training split with {@code seed}: kept in (and read
     * back from) the run folder, or drawn anew for a weights file; said in a line on {@code err}.
     */
    LabelSubset labelSubset(String labels, long seed, DatasetSplits splits, PrintWriter err) {
        LabelSubset subset = LabelSubset.forRun(isRun() ? path() : null, labels, splits.train(), seed);
        err.printf(Locale.ROOT, "labels %s (seed %d): %d of %d training images, per class %s%s%n", labels, seed, subset.size(),
                splits.train().size(), Arrays.toString(subset.perClass(splits.train())), isRun() ? ", kept in the run's labels/" : "");
        return subset;
    }

    /** Whether the backbone comes from a run folder (not a weights file). */
    boolean isRun() {
        return source.isRun();
    }

    /** Whether it is the run's random initialisation. */
    boolean randomInit() {
        return source.randomInit;
    }

    /** The run folder or the weights file. */
    Path path() {
        return source.path();
    }

    /** The seed of the run (42 for a weights file). */
    long seed() {
        return source.seed();
    }

    /** What a weights file turned out to hold (after {@link #backbone}), or null for a run. */
    String description() {
        return source.description();
    }

    /** "trained", "randomly initialised" or the weights file's name, for messages. */
    String state() {
        return source.state();
    }
}
