package org.contrastlab.core.viewer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;

/**
 * A ViT opened to look into: from a run folder (its latest checkpoint, or its random
 * initialisation) or from a weights file in timm's / DINO's names (safetensors, or a PyTorch
 * checkpoint such as DINO's and MoCo v3's releases), with the normalisation
 * its inputs need, the image size it was made for, and a line that says what it is.
 */
public record ViTModel(VisionTransformer vit, Normalization normalization, int imageSize, String description, List<String> notices)
        implements AttentionModel {
    public ViTModel {
        notices = List.copyOf(notices);
    }

    /** Opens {@code path}: a run folder, or a weights file ({@code heads} null: from the file). */
    public static ViTModel open(Path path, boolean randomInit, Integer heads, NDManager manager) {
        return open(path, randomInit, heads, null, manager);
    }

    /**
     * Opens {@code path}: a run folder, or a weights file ({@code heads} null: from the file;
     * {@code encoder} null: the encoder the method publishes, else a word of the prefix wanted).
     */
    public static ViTModel open(Path path, boolean randomInit, Integer heads, String encoder, NDManager manager) {
        if (Files.isDirectory(path)) {
            return fromRun(path, randomInit, encoder, manager);
        }
        if (randomInit) {
            throw new IllegalArgumentException(path + ": --random-init needs a run folder (a weights file has no initialisation)");
        }
        try {
            TimmWeights.Imported imported = TimmWeights.load(path, heads, encoder, manager);
            return new ViTModel(imported.vit(), Normalization.named("imagenet", null), imported.vit().tableSize(),
                    path.getFileName() + " (" + imported.describe() + ")", List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static ViTModel fromRun(Path run, boolean randomInit, String encoder, NDManager manager) {
        return fromLoaded(run, TrainingModel.load(RunDirectory.open(run), manager, randomInit, encoder), randomInit);
    }

    /** The ViT of a loaded run; a run whose backbone is not a ViT is refused, saying so. */
    static ViTModel fromLoaded(Path run, TrainingModel.Loaded loaded, boolean randomInit) {
        if (!(loaded.backbone() instanceof VisionTransformer vit)) {
            throw new IllegalArgumentException(run + ": its backbone is not a ViT, so it has no attention to show "
                    + "(train with --backbone vit-micro, vit-tiny or vit-small; the viewer also opens swin-micro runs)");
        }
        return new ViTModel(vit, loaded.normalization(), loaded.imageSize(),
                (randomInit ? "randomly initialised " : "") + run.getFileName() + " (step " + loaded.step()
                        + (loaded.network().equals("backbone") ? "" : ", " + loaded.network().replace('_', ' ')) + ")",
                loaded.notices());
    }

    @Override
    public int layers() {
        return vit.blocks().size();
    }

    @Override
    public PatchedPicture cut(ImageStore picture, String name) {
        return PatchedPicture.of(picture, vit.size().patch(), name, "");
    }

    @Override
    public Look look(PatchedPicture cut, int layer, ParameterStore parameters, NDManager scope) {
        FullAttention a = new AttentionReader(vit, parameters).readFull(cut.input(normalization, scope), layer)[0];
        return new Look(a, null, "CLS", "layer " + (a.layer() + 1) + " of " + layers());
    }
}
