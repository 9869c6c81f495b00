package org.contrastlab.core.viewer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.model.swin.SwinTransformer;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;

/**
 * A network the attention viewer looks into: a ViT (a CLS token and one patch grid) or a Swin
 * Transformer (windows, a coarser grid each stage). Each says how it sees a picture and gives
 * a layer's whole attention on it.
 */
public interface AttentionModel {
    /**
     * One layer's attention on a picture.
     *
     * @param attention every token's weights over the tokens
     * @param windowOf  for each patch token, its attention window (null: every token sees every other)
     * @param first     what the first row is: "CLS", or for a Swin the tokens' mean
     * @param layer     which layer this is, in words
     */
    record Look(FullAttention attention, int[] windowOf, String first, String layer) {
    }

    /** Opens a run folder (a ViT or a Swin backbone) or a ViT weights file. */
    static AttentionModel open(Path path, NDManager manager) {
        return open(path, false, null, null, manager);
    }

    /**
     * As {@link ViTModel#open(Path, boolean, Integer, String, NDManager)}, where a run folder may
     * also hold a Swin Transformer ({@code randomInit}: its untrained backbone).
     */
    static AttentionModel open(Path path, boolean randomInit, Integer heads, String encoder, NDManager manager) {
        if (!Files.isDirectory(path)) {
            return ViTModel.open(path, randomInit, heads, encoder, manager);
        }
        TrainingModel.Loaded loaded = TrainingModel.load(RunDirectory.open(path), manager, randomInit, encoder);
        if (loaded.backbone() instanceof SwinTransformer swin) {
            return new SwinModel(swin, loaded.normalization(), loaded.imageSize(), (randomInit ? "randomly initialised " : "")
                    + path.getFileName() + " (step " + loaded.step() + ")", loaded.notices());
        }
        return ViTModel.fromLoaded(path, loaded, randomInit);
    }

    /** The image size it was trained at. */
    int imageSize();

    /** Its blocks: the layers one can look at. */
    int layers();

    Normalization normalization();

    String description();

    List<String> notices();

    /** The part of {@code picture} this network is shown ({@code name} for messages). */
    PatchedPicture cut(ImageStore picture, String name);

    /** Layer {@code layer}'s attention (negative: from the end) on a cut picture. */
    Look look(PatchedPicture cut, int layer, ParameterStore parameters, NDManager scope);
}
