package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.weights.TorchvisionResNet;
import org.contrastlab.core.model.weights.WeightsFile;
import org.contrastlab.core.attention.ViTModel;
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
    @ArgGroup(multiplicity = "1")
    Origin origin;
    @Option(names = "--random-init", description = "the run's backbone at its random initialisation (the baseline)")
    boolean randomInit;
    @Option(names = "--heads", description = "attention heads of a --weights ViT that does not say (default: width / 64)")
    Integer heads;
    @Option(names = "--encoder", description = "which encoder of a run or a --weights checkpoint that holds several: a word of "
            + "its name, e.g. student, teacher, momentum (default: DINO's teacher, MoCo's query encoder, BYOL's online network)")
    String encoder;
    @Option(names = "--image-size", description = "side of the images a --weights ViT sees (default: the size its position table was made for)")
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
            return TrainingModel.load(RunDirectory.open(origin.run), manager, randomInit, encoder);
        }
        if (randomInit) {
            throw new IllegalArgumentException(origin.weights + ": --random-init needs a run folder (a weights file has no initialisation)");
        }
        if (holdsResNet(origin.weights)) {
            try {
                TorchvisionResNet.Imported r = TorchvisionResNet.load(origin.weights, encoder, manager);
                description = r.describe();
                return new TrainingModel.Loaded(r.backbone(), Normalization.named("imagenet", null), imageSize != null ? imageSize : 224, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        ViTModel vit = ViTModel.open(origin.weights, randomInit, heads, encoder, manager);
        description = vit.description();
        int size = imageSize != null ? imageSize : vit.imageSize();
        if (size % vit.vit().size().patch() != 0) {
            throw new IllegalArgumentException("--image-size " + size + " is not a multiple of the ViT's patch " + vit.vit().size().patch());
        }
        return new TrainingModel.Loaded(vit.vit(), vit.normalization(), size, 0);
    }

    /** A weights file with a ResNet and no ViT. */
    private static boolean holdsResNet(Path file) {
        try (WeightsFile w = WeightsFile.open(file)) {
            return !TimmWeights.holdsOne(w.shapes().keySet()) && TorchvisionResNet.holdsOne(w.shapes().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** What the weights file turned out to hold (after {@link #load}), or null. */
    String description() {
        return description;
    }

    /** "trained", "randomly initialised" or the weights file's name, for messages. */
    String state() {
        return !isRun() ? origin.weights.getFileName().toString() : randomInit ? "randomly initialised" : "trained";
    }
}
