package org.contrastlab.core.attention;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;

/**
 * A ViT opened to look into: from a run folder (its latest checkpoint, or its random
 * initialisation) or from a safetensors file in timm's / DINO's names, with the normalisation
 * its inputs need, the image size it was made for, and a line that says what it is.
 */
public record ViTModel(VisionTransformer vit, Normalization normalization, int imageSize, String description) {

    /** Opens {@code path}: a run folder, or a {@code .safetensors} file ({@code heads} null: from the file). */
    public static ViTModel open(Path path, boolean randomInit, Integer heads, NDManager manager) {
        if (Files.isDirectory(path)) {
            return fromRun(path, randomInit, manager);
        }
        try {
            TimmWeights.Imported imported = TimmWeights.load(path, heads, manager);
            String skipped = imported.skipped().isEmpty() ? "" : ", " + imported.skipped().size() + " other tensors skipped";
            return new ViTModel(imported.vit(), Normalization.named("imagenet", null), imported.vit().tableSize(),
                    path.getFileName() + " (" + imported.vit().size() + skipped + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static ViTModel fromRun(Path run, boolean randomInit, NDManager manager) {
        TrainingModel.Loaded loaded = TrainingModel.load(RunDirectory.open(run), manager, randomInit);
        if (!(loaded.backbone() instanceof VisionTransformer vit)) {
            throw new IllegalArgumentException(run + ": its backbone is not a ViT, so it has no attention to show "
                    + "(train with --backbone vit-micro, vit-tiny or vit-small)");
        }
        return new ViTModel(vit, loaded.normalization(), loaded.imageSize(),
                (randomInit ? "randomly initialised " : "") + run.getFileName() + " (step " + loaded.step() + ")");
    }
}
