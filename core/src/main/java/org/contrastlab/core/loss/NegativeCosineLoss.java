package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * The negative cosine similarity of SimSiam (Chen &amp; He 2021, eq. 1;
 * facebookresearch/simsiam {@code main_simsiam.py}: {@code -criterion(p, z).mean()}) and, as
 * {@code 2 − 2·cos}, BYOL's normalised regression (Grill et al. 2020, eq. 2). Averaged over
 * the batch. The target is detached here: no gradient reaches it (the stop-gradient).
 */
public final class NegativeCosineLoss {
    private NegativeCosineLoss() {
    }

    /** −mean cos(p, sg(z)). */
    public static NDArray compute(NDArray prediction, NDArray target) {
        return Unit.cosine(prediction, target.stopGradient()).mean().neg();
    }

    /**
     * −mean cos(p, z) with the gradient reaching the target too: SimSiam without its
     * stop-gradient, which collapses (Chen &amp; He 2021, figure 2); for teaching, not training.
     */
    public static NDArray withoutStopGradient(NDArray prediction, NDArray target) {
        return Unit.cosine(prediction, target).mean().neg();
    }

    /** BYOL's 2 − 2·mean cos(p, sg(z)) = mean ‖p̂ − ẑ‖². */
    public static NDArray byol(NDArray prediction, NDArray target) {
        return Scalars.add(Scalars.mul(Unit.cosine(prediction, target.stopGradient()).mean(), -2), 2);
    }
}
