package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.augment.AugmentPlan;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.env.HostPack;

/**
 * One step's input made on the device from the training images already there: the batch's
 * indices and every view's drawn parameters go to the device in one copy ({@link HostPack}),
 * then the batch is gathered, augmented and normalised there.
 *
 * @param indices int64 (B): the batch's images in the training split
 * @param views the normalised views, in the recipe's order
 */
public record StepBatch(NDArray indices, List<NDArray> views) {

    /**
     * @param pixels uint8 (N, 3, H, W): the training split on the device
     * @param idx the batch's images
     * @param rng the step's stream for the views' parameters
     */
    public static StepBatch make(NDManager scope, NDArray pixels, int[] idx, Random rng, ViewRecipe recipe,
                          Normalization.OnDevice normalize) {
        int h = (int) pixels.getShape().get(2);
        int w = (int) pixels.getShape().get(3);
        HostPack pack = new HostPack();
        int batch = pack.addIndices(idx);
        List<AugmentPlan> plans = Views.plan(Views.draw(rng, idx.length, h, w, recipe), recipe, h, w, pixels.getDevice().isGpu(), pack);
        HostPack.Uploaded sent = pack.upload(scope);
        NDArray indices = sent.get(batch);
        NDArray gathered = pixels.get(indices);
        gathered.attach(scope);
        NDArray unit = Views.toUnit(gathered);
        List<NDArray> views = new ArrayList<>();
        for (NDArray view : Views.make(unit, plans, sent)) {
            views.add(normalize.apply(view));
        }
        return new StepBatch(indices, views);
    }
}
