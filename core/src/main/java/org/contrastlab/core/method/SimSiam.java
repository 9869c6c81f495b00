package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.NegativeCosineLoss;
import org.contrastlab.core.model.ProjectionHead;
import org.contrastlab.core.ssl.Collapse;

/**
 * SimSiam (Chen &amp; He 2021, "Exploring Simple Siamese Representation Learning";
 * facebookresearch/simsiam {@code simsiam/builder.py}, {@code main_simsiam.py}). One network:
 * backbone, a projector of three layers with BN (the last BN without affine), and a
 * bottleneck predictor; {@code L = −½[cos(p1, sg(z2)) + cos(p2, sg(z1))]}. No negatives and no
 * teacher: the stop-gradient is what prevents collapse. The predictor keeps its peak learning
 * rate ({@code --fix-pred-lr}) when {@code fixed_predictor_lr} is on.
 */
public final class SimSiam implements SslMethod {
    /**
     * SimSiam's registration. Preset: the MoCo v2 views, lr 0.3 (kNN 0.333 after 200 × 256 where
     * 0.06 gave 0.315), projection 512; 800 × 128 in {@code bench methods} (+5.56, docs/benchmarks.md).
     */
    public static final MethodSpec SPEC = new MethodSpec("simsiam",
            "a Siamese network with a predictor and a stop-gradient; no negatives, no teacher",
            "Chen & He 2021, arXiv:2011.10566; facebookresearch/simsiam", 2, 2,
            List.of(ParamSpec.count("predictor_hidden", 128, 1, 65536, "predictor bottleneck width (reference 512 for 2048)"),
                    ParamSpec.flag("fixed_predictor_lr", true, "the predictor keeps its peak learning rate (--fix-pred-lr)"),
                    ParamSpec.flag("stop_gradient", true, "the stop-gradient on the target branch; 0 removes it, and the outputs "
                            + "collapse to one point (the paper's figure 2)")),
            MethodPreset.views("moco-v2-cifar").learningRate(0.3).heads(0, 512).bench(800, 128)
                    .onShapes("simclr-shapes", 1000, 64), MethodCheck.NONE,
            (nb, c) -> new SimSiam(nb.get(), c.headNoBias(true, 3),
                    ProjectionHead.build(c.params().count("predictor_hidden"), c.options().projectionDim()), c));

    private final Block backbone;
    private final Block projector;
    private final Block predictor;
    private final MethodContext context;
    private final DeviceValue collapse = new DeviceValue();

    public SimSiam(Block backbone, Block projector, Block predictor, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.predictor = predictor;
        this.context = context;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, context.options().projectionDim()));
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, projector, predictor);
    }

    @Override
    public Set<Block> fixedLearningRate() {
        return context.params().flag("fixed_predictor_lr") ? Set.of(predictor) : Set.of();
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> z = Forward.each(step.parameters(), step.views(), backbone, projector);
        NDArray p1 = Forward.through(step.parameters(), z.get(0), predictor);
        NDArray p2 = Forward.through(step.parameters(), z.get(1), predictor);
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        if (!context.params().flag("stop_gradient")) {
            return Scalars.mul(NegativeCosineLoss.withoutStopGradient(p1, z.get(1))
                    .add(NegativeCosineLoss.withoutStopGradient(p2, z.get(0))), 0.5);
        }
        return Scalars.mul(NegativeCosineLoss.compute(p1, z.get(1)).add(NegativeCosineLoss.compute(p2, z.get(0))), 0.5);
    }

    @Override
    public StepDetail detail(StepInput step, int images) {
        ParameterStore ps = step.parameters();
        NDArray z1 = StepDetails.inference(ps, StepDetails.first(step.views().get(0), images), backbone, projector);
        NDArray z2 = StepDetails.inference(ps, StepDetails.first(step.views().get(1), images), backbone, projector);
        NDArray p1 = StepDetails.inference(ps, z1, predictor);
        float[] cos = StepDetails.cosines(p1, z2);
        return new StepDetail("The prediction from view 1 against the projection of view 2 by the same network, "
                + (context.params().flag("stop_gradient") ? "with the gradient stopped on the target side" : "with NO stop-gradient")
                + "; no negatives and no moving average.",
                Map.of("mean_cos_prediction_target", StepDetails.mean(cos), "targets_alike", StepDetails.alike(z2)),
                List.of(new StepDetail.Bars("cos(prediction, target) per image", cos, List.of())));
    }

    @Override
    public Map<String, Double> monitors() {
        return Map.of("collapse", collapse.get());
    }
}
