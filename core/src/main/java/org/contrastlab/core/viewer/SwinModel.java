package org.contrastlab.core.viewer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.attention.WindowedAttention;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.model.swin.SwinTransformer;

/**
 * A Swin Transformer opened to look into. It is laid out for one image size, so a picture is
 * shown as its largest top-left square, resized to that size; it has no CLS token, so the first
 * map is where its tokens look on average, and a hovered token's map is its own window.
 */
public record SwinModel(SwinTransformer swin, Normalization normalization, int imageSize, String description, List<String> notices)
        implements AttentionModel {
    public SwinModel {
        notices = List.copyOf(notices);
    }

    @Override
    public int layers() {
        return WindowedAttention.layers(swin.size());
    }

    @Override
    public PatchedPicture cut(ImageStore picture, String name) {
        return PatchedPicture.square(picture, swin.tokens(0), name, "");
    }

    @Override
    public Look look(PatchedPicture cut, int layer, ParameterStore parameters, NDManager scope) {
        int stage = WindowedAttention.stageAndBlock(swin.size(), layer)[0];
        WindowedAttention w = WindowedAttention.read(swin, parameters, cut.input(normalization, scope, imageSize), layer,
                cut.width() / swin.tokens(stage));
        return new Look(w.attention(), w.windowOf(), "mean of tokens (a Swin has no CLS)", w.describe(layers()));
    }
}
