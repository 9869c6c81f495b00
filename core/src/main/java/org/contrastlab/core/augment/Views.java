package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers that turn a uint8 batch into views: sampling a batch's parameters and applying them. */
public final class Views {
    private Views() {
    }

    /** uint8 (B, 3, H, W) in 0..255 to float32 in [0, 1]. */
    public static NDArray toUnit(NDArray uint8) {
        return uint8.toType(DataType.FLOAT32, false).div(255f);
    }

    /** One parameter draw per image of a batch. */
    public static List<ViewParams> sample(Random rng, int count, int height, int width, ViewRecipe recipe) {
        List<ViewParams> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ViewSampler.sample(rng, height, width, recipe));
        }
        return out;
    }

    /** Views of a [0, 1] batch with the given parameters, at the recipe's size. */
    public static NDArray make(NDArray unit, List<ViewParams> params, ViewRecipe recipe) {
        return BatchAugmenter.apply(unit, params, recipe.size(), recipe.blurKernelSize());
    }

    /** The whole images resized to {@code size} (no crop, flip or colour change): the evaluation view. */
    public static NDArray resizeWhole(NDArray unit, int size) {
        int b = (int) unit.getShape().get(0);
        int h = (int) unit.getShape().get(2);
        int w = (int) unit.getShape().get(3);
        if (h == size && w == size) {
            return unit;
        }
        List<ViewParams> identity = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            identity.add(ViewParams.identity(h, w));
        }
        return BatchAugmenter.apply(unit, identity, size, 3);
    }
}
