package org.contrastlab.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewDraws;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRole;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.loss.NtXentLoss;

/**
 * How much two views of an image share, as the InfoMin paper measures it (Tian et al. 2020,
 * section 3: the InfoNCE bound {@code I(v1; v2) ≥ log K − L_NCE}): two global views of each of M
 * held-out images are drawn with the recipe, encoded by a trained backbone (the critic: a run's
 * backbone at its training size and normalisation), and
 * the bound is {@code log(2M − 1)} minus their NT-Xent loss on the centred features, at the best of
 * a few temperatures (the bound holds for every critic; 0 where none does better than chance), in
 * nats. It is a lower bound with a ceiling of {@code log(2M − 1)}; compared across runs of one
 * sweep (same images, same M, same seed) it orders the recipes by what their views share.
 */
public final class ViewInformation {
    /** The critic's temperatures: the bound holds for each, the best is kept (one number fitted, on 1,024 views). */
    static final float[] TEMPERATURES = {0.05f, 0.1f, 0.2f, 0.5f, 1f};
    private static final int BATCH = 256;

    private ViewInformation() {
    }

    /** The estimate, its ceiling and how many image pairs it came from. */
    public record Estimate(double nats, int pairs) {
        /** log(2M − 1): what a perfect critic would reach on M pairs. */
        public double ceiling() {
            return Math.log(2.0 * pairs - 1);
        }
    }

    /**
     * The bound on {@code images} (all of them) with views drawn from {@code recipe}'s first two
     * global views (the first global group twice where it has only one), seeded by {@code seed}.
     */
    public static Estimate estimate(Block backbone, Normalization normalization, int imageSize, ImageStore images, ViewRecipe recipe,
                                    long seed, NDManager manager) {
        if (images.size() < 2) {
            throw new IllegalArgumentException("the views' shared information needs at least 2 images, got " + images.size());
        }
        List<ViewGroup> global = recipe.perView().stream().filter(g -> g.role() == ViewRole.GLOBAL).toList();
        ViewGroup first = global.get(0);
        ViewGroup second = global.size() > 1 ? global.get(1) : first;
        Random rng = new Random(seed);
        try (NoGrad off = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(scope, false);
            Normalization.OnDevice normalize = normalization.on(scope);
            List<NDArray> z1 = new ArrayList<>();
            List<NDArray> z2 = new ArrayList<>();
            for (int start = 0; start < images.size(); start += BATCH) {
                int end = Math.min(images.size(), start + BATCH);
                int[] idx = new int[end - start];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = start + i;
                }
                NDArray unit = Views.toUnit(images.subset(idx).toNDArray(scope));
                ViewDraws d1 = Views.draw(rng, idx.length, images.height(), images.width(), first);
                ViewDraws d2 = Views.draw(rng, idx.length, images.height(), images.width(), second);
                z1.add(encode(backbone, imageSize, parameters, normalize, Views.make(unit, d1, first)));
                z2.add(encode(backbone, imageSize, parameters, normalize, Views.make(unit, d2, second)));
            }
            NDArray a = NDArrays.concat(new NDList(z1), 0);
            NDArray b = NDArrays.concat(new NDList(z2), 0);
            // centred: a backbone's features share a large common part (ReLU features are all positive), which
            // makes every pair look alike under the cosine and says nothing about what two views share
            NDArray mean = NDArrays.concat(new NDList(a, b), 0).mean(new int[] {0}, true);
            a = a.sub(mean);
            b = b.sub(mean);
            double ceiling = Math.log(2.0 * images.size() - 1);
            double best = 0;
            for (float t : TEMPERATURES) {
                best = Math.max(best, ceiling - NtXentLoss.compute(a, b, t).getFloat());
            }
            return new Estimate(best, images.size());
        }
    }

    private static NDArray encode(Block backbone, int imageSize, ParameterStore parameters, Normalization.OnDevice normalize,
                                  NDArray views) {
        NDArray input = normalize.apply(Views.resizeWhole(views, imageSize));
        return backbone.forward(parameters, new NDList(input), false).singletonOrThrow();
    }
}
