package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.contrastlab.core.loss.BatchInstanceLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.ProjectionHead;
import org.contrastlab.core.ssl.Collapse;

/**
 * InvaSpread (Ye, Zhang, Yuen &amp; Chang 2019, "Unsupervised Embedding Learning via Invariant
 * and Spreading Instance Feature"; mangye16/Unsupervised_Embedding_Learning {@code demo_cifar.py},
 * {@code BatchAverage.py}). One encoder with a linear 128-d head; both views pass together
 * (one batch of 2N); within the batch each feature's positive is its other view and the
 * other 2(N − 1) are negatives ({@link BatchInstanceLoss}, τ = 0.1). No bank, no queue.
 */
public final class InvaSpread extends OneEncoder {
    /** InvaSpread's registration. Preset: its reference's lr 0.03 and τ 0.1. */
    public static final MethodSpec SPEC = new MethodSpec("invaspread",
            "in-batch instance discrimination: each view's positive is its twin, the rest of the batch pushed away",
            "Ye et al. 2019, arXiv:1904.03436; mangye16/Unsupervised_Embedding_Learning", 2, 2,
            List.of(), MethodPreset.views("invaspread").temperature(0.1f).learningRate(0.03)
                    .onShapes("simclr-shapes", 1000, 64), MethodCheck.NONE,
            (nb, c) -> new InvaSpread(nb.get(), ProjectionHead.build(c.options().projectionDim()), c));

    private final MethodContext context;

    public InvaSpread(Block backbone, Block head, MethodContext context) {
        super(backbone, head, context.featureDim());
        this.context = context;
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> f = Forward.byResolution(step.parameters(), step.views(), backbone, head);
        NDArray x1 = Unit.rows(f.get(0));
        collapse.set(Collapse.onDevice(x1.stopGradient()));
        return BatchInstanceLoss.compute(x1, Unit.rows(f.get(1)), context.options().temperature());
    }

}
