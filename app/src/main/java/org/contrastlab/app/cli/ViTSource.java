package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the attention commands take their ViT from: a run (its latest checkpoint, or its
 * random initialisation) or a safetensors file in timm's / DINO's names.
 */
public final class ViTSource {
    @ArgGroup(multiplicity = "1")
    Origin origin;
    @Option(names = "--random-init", description = "the run's ViT at its random initialisation (the baseline)")
    boolean randomInit;
    @Option(names = "--heads", description = "attention heads of a --weights file that does not say (default: width / 64)")
    Integer heads;

    static final class Origin {
        @Option(names = "--run", description = "a run folder written by `contrastlab train` with a ViT backbone")
        Path run;
        @Option(names = "--weights", description = "a ViT in safetensors with timm's or DINO's parameter names")
        Path weights;
    }

    /** A ViT ready to read, with the normalisation its inputs need and the size it was trained at. */
    record Loaded(VisionTransformer vit, Normalization normalization, int imageSize, String description) {
    }

    Loaded load(NDManager manager) {
        if (origin.weights != null) {
            try {
                TimmWeights.Imported imported = TimmWeights.load(origin.weights, heads, manager);
                return new Loaded(imported.vit(), Normalization.named("imagenet", null), imported.vit().tableSize(),
                        origin.weights + " (" + imported.vit().size() + (imported.skipped().isEmpty() ? "" : ", "
                                + imported.skipped().size() + " other tensors skipped") + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        TrainingModel.Loaded loaded = TrainingModel.load(RunDirectory.open(origin.run), manager, randomInit);
        if (!(loaded.backbone() instanceof VisionTransformer vit)) {
            throw new IllegalArgumentException(origin.run + ": its backbone is not a ViT (attention maps need vit-micro, vit-tiny, vit-small, …)");
        }
        return new Loaded(vit, loaded.normalization(), loaded.imageSize(),
                (randomInit ? "randomly initialised " : "") + origin.run + " (step " + loaded.step() + ")");
    }
}
