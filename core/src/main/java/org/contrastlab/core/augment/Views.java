package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.Scalars;

/** Helpers that turn a uint8 batch into views: sampling a batch's parameters and applying them. */
public final class Views {
    private Views() {
    }

    /** uint8 (B, 3, H, W) in 0..255 to float32 in [0, 1]. */
    public static NDArray toUnit(NDArray uint8) {
        // 255 made on the device: DJL's div(255f) copies the number there, a blocking copy on a GPU
        return Scalars.div(uint8.toType(DataType.FLOAT32, false), 255);
    }

    /** One parameter draw per image of a batch. */
    public static ViewDraws draw(Random rng, int count, int height, int width, ViewGroup group) {
        ViewDraws out = new ViewDraws(count);
        for (int i = 0; i < count; i++) {
            ViewSampler.sample(rng, height, width, group, out, i);
        }
        return out;
    }

    /**
     * The parameters of every view of a recipe for a batch: entry v holds view v's draws, one
     * per image, views in the recipe's order (group 0's views first).
     */
    public static List<ViewDraws> draw(Random rng, int count, int height, int width, ViewRecipe recipe) {
        List<ViewDraws> out = new ArrayList<>();
        for (ViewGroup g : recipe.perView()) {
            out.add(draw(rng, count, height, width, g));
        }
        return out;
    }

    /** Views of a [0, 1] batch with the given parameters, at the group's size. */
    public static NDArray make(NDArray unit, ViewDraws params, ViewGroup group) {
        return BatchAugmenter.apply(unit, params, group);
    }

    /** Every view of a recipe for a [0, 1] batch, with parameters drawn by {@link #draw(Random, int, int, int, ViewRecipe)}. */
    public static List<NDArray> make(NDArray unit, List<ViewDraws> params, ViewRecipe recipe) {
        HostPack pack = new HostPack();
        List<AugmentPlan> plans = plan(params, recipe, (int) unit.getShape().get(2), (int) unit.getShape().get(3),
                unit.getDevice().isGpu(), pack);
        return make(unit, plans, pack.upload(unit.getManager()));
    }

    /**
     * The host half of every view of a recipe, added to {@code pack}: a step sends its views' numbers in one copy;
     * {@code matricesOnDevice} as in {@link BatchAugmenter#plan(ViewDraws, ViewGroup, BatchAugmenter.Stage, int, int, boolean, HostPack)}.
     */
    public static List<AugmentPlan> plan(List<ViewDraws> params, ViewRecipe recipe, int height, int width,
                                         boolean matricesOnDevice, HostPack pack) {
        List<ViewGroup> groups = recipe.perView();
        List<AugmentPlan> plans = new ArrayList<>(groups.size());
        for (int v = 0; v < groups.size(); v++) {
            plans.add(BatchAugmenter.plan(params.get(v), groups.get(v), BatchAugmenter.Stage.SOLARIZE, height, width, matricesOnDevice,
                    pack));
        }
        return plans;
    }

    /** The views of a [0, 1] batch as the plans say, their numbers read from the sent pack. */
    public static List<NDArray> make(NDArray unit, List<AugmentPlan> plans, HostPack.Uploaded sent) {
        List<NDArray> out = new ArrayList<>(plans.size());
        for (AugmentPlan plan : plans) {
            out.add(BatchAugmenter.apply(unit, plan, sent));
        }
        return out;
    }

    /** The whole images resized to {@code size} (no crop, flip or colour change): the evaluation view. */
    public static NDArray resizeWhole(NDArray unit, int size) {
        int b = (int) unit.getShape().get(0);
        int h = (int) unit.getShape().get(2);
        int w = (int) unit.getShape().get(3);
        if (h == size && w == size) {
            return unit;
        }
        return BatchAugmenter.apply(unit, ViewDraws.identity(b, h, w), ViewGroup.builder().size(size).build(), BatchAugmenter.Stage.CROP);
    }
}
