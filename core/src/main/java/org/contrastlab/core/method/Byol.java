package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.CrossViewPairs;
import org.contrastlab.core.loss.NegativeCosineLoss;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MomentumTeacher;

/**
 * BYOL (Grill et al. 2020, "Bootstrap Your Own Latent"; google-deepmind/deepmind-research
 * {@code byol/byol_experiment.py}). An online network (backbone, projector, predictor) predicts
 * the projection of another view by a target network (backbone, projector) that is the EMA
 * of the online one, its momentum rising from m₀ to 1 on a cosine. The loss
 * {@code 2 − 2·cos(q, sg(z'))} is symmetrised (summed over both orders). With multi-crop the
 * target sees only the global views and every view predicts every other global view's target
 * (the sum scaled so that two views give the reference's loss).
 */
public final class Byol implements SslMethod {
    /**
     * BYOL's registration. Preset: lr 0.3 (kNN 0.347 after 200 × 256 where lightly's 0.06 gave
     * 0.327); 800 × 128 in {@code bench methods} (+4.28 over random init, docs/benchmarks.md).
     */
    public static final MethodSpec SPEC = new MethodSpec("byol",
            "an online network predicts an EMA target's projection of another view; no negatives",
            "Grill et al. 2020, arXiv:2006.07733; google-deepmind/deepmind-research byol", 2, 10,
            List.of(new ParamSpec("momentum", 0.99, 0, 1, "target EMA momentum at the start (reference 0.996)"),
                    ParamSpec.flag("cosine_momentum", true, "raise the momentum to 1 on a cosine over the run"),
                    ParamSpec.flag("predictor", true, "the online predictor; 0 compares the online projection with the target's "
                            + "directly, and the outputs collapse (the paper's table 5)")),
            MethodPreset.views("byol-cifar").learningRate(0.3).bench(800, 128).onShapes("simclr-shapes", 1000, 64), MethodCheck.NONE,
            (nb, c) -> new Byol(nb.get(), c.head(2), c.head(2), nb.get(), c.head(2), c));

    private final Block backbone;
    private final Block projector;
    private final Block predictor;
    private final Block targetBackbone;
    private final Block targetProjector;
    private final MethodContext context;
    private final MomentumTeacher ema;
    private final DeviceValue collapse = new DeviceValue();

    public Byol(Block backbone, Block projector, Block predictor, Block targetBackbone, Block targetProjector, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.predictor = predictor;
        this.targetBackbone = targetBackbone;
        this.targetProjector = targetProjector;
        this.context = context;
        this.ema = MomentumTeacher.of(context.params().get("momentum"), context.params().flag("cosine_momentum"),
                context.totalSteps());
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        Shape image = new Shape(2, 3, imageSize, imageSize);
        backbone.initialize(manager, DataType.FLOAT32, image);
        targetBackbone.initialize(manager, DataType.FLOAT32, image);
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        targetProjector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, context.options().projectionDim()));
        ema.follow(backbone, targetBackbone).follow(projector, targetProjector);
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
    public Map<String, Block> teachers() {
        return Map.of("target_backbone", targetBackbone, "target_projector", targetProjector);
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> views = step.views();
        int globals = context.globalViews();
        List<NDArray> z = Forward.each(step.parameters(), views, backbone, projector);
        List<NDArray> targets = Forward.detached(Forward.each(step.parameters(), views.subList(0, globals),
                targetBackbone, targetProjector));
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        List<NDArray> predictions = !context.params().flag("predictor") ? z
                : z.stream().map(zv -> Forward.through(step.parameters(), zv, predictor)).toList();
        return Scalars.mul(CrossViewPairs.mean(targets, predictions, (t, p) -> NegativeCosineLoss.byol(p, t)), 2.0);
    }

    @Override
    public void afterUpdate(StepInput step) {
        ema.update(step.step(), step.scope());
    }

    @Override
    public StepDetail detail(StepInput step, int images) {
        ParameterStore ps = step.parameters();
        NDArray z = StepDetails.inference(ps, StepDetails.first(step.views().get(0), images), backbone, projector);
        NDArray p = context.params().flag("predictor") ? StepDetails.inference(ps, z, predictor) : z;
        NDArray t = StepDetails.inference(ps, StepDetails.first(step.views().get(1), images), targetBackbone, targetProjector);
        float[] cos = StepDetails.cosines(p, t);
        boolean predicts = context.params().flag("predictor");
        return new StepDetail((predicts ? "The online network's prediction" : "The online projection (no predictor)")
                + " from view 1 against the target network's projection of view 2; no negatives: the loss is 2 − 2·cos, and"
                + " the target is a slow average of the online network (momentum " + String.format(Locale.ROOT, "%.4f",
                ema.lastMomentum()) + ").",
                Map.of("mean_cos_prediction_target", StepDetails.mean(cos), "targets_alike", StepDetails.alike(t)),
                List.of(new StepDetail.Bars("cos(prediction, target) per image", cos, List.of())));
    }

    @Override
    public Map<String, Double> monitors() {
        return Map.of("collapse", collapse.get(), MomentumTeacher.MONITOR, ema.lastMomentum());
    }
}
