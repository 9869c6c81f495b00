package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.contrastlab.core.loss.NtXentLoss;
import org.contrastlab.core.ssl.Collapse;

/**
 * SimCLR (Chen, Kornblith, Norouzi &amp; Hinton 2020, "A Simple Framework for Contrastive
 * Learning of Visual Representations"; reference code google-research/simclr). One encoder f
 * and a projection head g; views of the same size go through f and g together (one batch of
 * 2N, so batch norm sees both, as the reference's global BN does) and NT-Xent contrasts each
 * view with its twin against the other 2N − 2. SimCLR v2 (Chen et al. 2020b) is the same
 * with a deeper head (3 layers). With multi-crop, every other crop of an image is a positive
 * (solo-learn's multi-crop SimCLR). Features for evaluation are taken before g.
 */
public final class SimClr extends OneEncoder {
    private final float temperature;

    public SimClr(Block backbone, int featureDim, Block head, float temperature) {
        super(backbone, head, featureDim);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }




    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> z = Forward.byResolution(step.parameters(), step.views(), backbone, head);
        collapse = Collapse.std(z.get(0).stopGradient());
        return NtXentLoss.compute(z, temperature);
    }

}
