package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the evaluation and embedding commands take their backbone from: a run folder (its
 * latest checkpoint, or its random initialisation), or a ViT weights file (safetensors or a
 * PyTorch checkpoint such as DINO's or MoCo v3's releases), fed images at the size it was made
 * for unless {@code --image-size} says otherwise.
 */
public final class BackboneSource {
    @ArgGroup(multiplicity = "1", heading = "%nThe backbone, from one of:%n")
    Origin origin;
    @Option(names = "--random-init", description = "the run's backbone at its random initialisation (the baseline)")
    boolean randomInit;
    @Option(names = "--heads", description = "attention heads of a --weights ViT that does not say (default: width / 64)")
    Integer heads;
    @Option(names = "--encoder", description = "which encoder of a run or a --weights checkpoint that holds several: a word of "
            + "its name, e.g. student, teacher, momentum (default: DINO's teacher, MoCo's query encoder, BYOL's online network)")
    String encoder;
    @Option(names = "--image-size", description = "side of the images a --weights ViT sees (default: the size its position table was made "
            + "for)")
    Integer imageSize;
    private TrainConfig config;
    private String description;

    static final class Origin {
        @Option(names = "--run", description = "a run folder written by `contrastlab train`")
        Path run;
        @Option(names = "--weights", description = "a ViT (timm's / DINO's names) or a ResNet-50 / ResNet-18 (torchvision's names): "
                + ".safetensors, or a PyTorch checkpoint (.pth, .pth.tar, .ckpt)")
        Path weights;
    }

    boolean isRun() {
        return origin.run != null;
    }

    /** The run's configuration, read once (runs only). */
    TrainConfig config() {
        if (config == null) {
            config = RunDirectory.open(origin.run).config();
        }
        return config;
    }

    /** The side images are stored at: the run's, or the size a weights file's ViT sees. */
    int storageSize() {
        return isRun() ? config().storageSize() : imageSize != null ? imageSize : 224;
    }

    /** The run folder or the weights file. */
    Path path() {
        return isRun() ? origin.run : origin.weights;
    }

    long seed() {
        return isRun() ? config().seed() : 42;
    }

    /** The backbone, on {@code manager}. */
    TrainingModel.Loaded load(NDManager manager) {
        if (isRun()) {
            TrainingModel.Loaded loaded = TrainingModel.load(RunDirectory.open(origin.run), manager, randomInit, encoder);
            description = loaded.notices().isEmpty() ? null
                    : String.join("\n", loaded.notices().stream().map(n -> "note: " + n).toList());
            return loaded;
        }
        if (randomInit) {
            throw new IllegalArgumentException(origin.weights + ": --random-init needs a run folder (a weights file has no "
                    + "initialisation)");
        }
        TrainingModel.Opened opened = TrainingModel.openWeights(origin.weights, heads, encoder, imageSize, manager);
        description = opened.description();
        return opened.loaded();
    }

    /**
     * What the weights file turned out to hold (after {@link #load}); for a run, what was passed
     * over to find its checkpoint (a line each, "note: …"), or null.
     */
    String description() {
        return description;
    }

    /** "trained", "randomly initialised" or the weights file's name, for messages. */
    String state() {
        return !isRun() ? origin.weights.getFileName().toString() : randomInit ? "randomly initialised" : "trained";
    }
}
