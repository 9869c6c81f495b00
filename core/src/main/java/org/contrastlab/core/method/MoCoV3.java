package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MomentumTeacher;

/**
 * MoCo v3 (Chen, Xie &amp; He 2021, "An Empirical Study of Training Self-Supervised Vision
 * Transformers"; facebookresearch/moco-v3 {@code moco/builder.py}). No queue: the keys of the
 * other view in the same batch are the negatives. A base encoder (backbone, projector) with a
 * predictor makes the queries; a momentum encoder (EMA of backbone and projector, momentum
 * rising from m₀ to 1 on a cosine) makes the keys. The loss is symmetric,
 * {@code ctr(q1, k2) + ctr(q2, k1)} with {@code ctr(q, k) = 2τ·CE(q·kᵀ/τ, diagonal)}. Heads as the
 * reference's {@code _build_mlp}: bias-free linear layers with BN, the last BN affine-free.
 * With a ViT: MoCo v3's fixed sin-cos positions and, against its training instability, a
 * frozen random patch projection (both on by default here, as in the reference's ViT runs).
 */
public final class MoCoV3 implements SslMethod {
    /**
     * MoCo v3's registration. Preset: its ViT recipe (main_moco.py): AdamW at 1.5e-4 × batch/256
     * (the rule's value at 256, kept at any batch), weight decay 0.1, τ 0.2; heads narrower than the reference's
     * 4096-wide ones; 800 × 128 in {@code bench methods} (+4.23 over random init where 200 × 256
     * gave +2.2; docs/benchmarks.md).
     */
    public static final MethodSpec SPEC = new MethodSpec("moco-v3",
            "MoCo without a queue: a predictor on the query side, in-batch keys from a momentum encoder, symmetric; for ViTs",
            "Chen, Xie & He 2021, arXiv:2104.02057; facebookresearch/moco-v3", 2, 2,
            List.of(new ParamSpec("momentum", 0.99, 0, 1, "momentum encoder's EMA momentum at the start, to 1 on a cosine (reference "
                    + "0.99)"),
                    ParamSpec.flag("frozen_patch_projection", true,
                            "ViT: keep the patch projection at its random initialisation (against training spikes)"),
                    ParamSpec.flag("sincos_positions", true, "ViT: fixed 2-D sin-cos position embeddings (the reference's)")),
            MethodPreset.views("moco-v3").optimizer("adamw").learningRate(1.5e-4).weightDecay(0.1, -1).temperature(0.2f)
                    .heads(1024, 256).bench(800, 128).onShapes("simclr-shapes", 1000, 64),
            MethodCheck.NONE,
            (nb, c) -> new MoCoV3(backbone(nb, c), c.headNoBias(true, 3), c.headNoBias(true, 2), backbone(nb, c),
                    c.headNoBias(true, 3), c));

    /** The backbone with MoCo v3's ViT options applied when it is a ViT. */
    private static Block backbone(Supplier<Block> nb, MethodContext c) {
        Block b = nb.get();
        if (b instanceof VisionTransformer vit) {
            vit.mocoV3(c.params().flag("sincos_positions"), c.params().flag("frozen_patch_projection"));
        }
        return b;
    }

    private final Block backbone;
    private final Block projector;
    private final Block predictor;
    private final Block keyBackbone;
    private final Block keyProjector;
    private final MethodContext context;
    private final float temperature;
    private final MomentumTeacher ema;
    private final DeviceValue collapse = new DeviceValue();

    public MoCoV3(Block backbone, Block projector, Block predictor, Block keyBackbone, Block keyProjector, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.predictor = predictor;
        this.keyBackbone = keyBackbone;
        this.keyProjector = keyProjector;
        this.context = context;
        this.temperature = context.options().temperature();
        this.ema = MomentumTeacher.of(context.params().get("momentum"), true, context.totalSteps());
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        Shape image = new Shape(2, 3, imageSize, imageSize);
        backbone.initialize(manager, DataType.FLOAT32, image);
        keyBackbone.initialize(manager, DataType.FLOAT32, image);
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        keyProjector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, context.options().projectionDim()));
        ema.follow(backbone, keyBackbone).follow(projector, keyProjector);
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
        return Map.of("momentum_backbone", keyBackbone, "momentum_projector", keyProjector);
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> views = step.views();
        List<NDArray> q = Forward.each(step.parameters(), views.subList(0, 2), backbone, projector, predictor);
        List<NDArray> k = Forward.detached(Forward.each(step.parameters(), views.subList(0, 2), keyBackbone, keyProjector));
        collapse.set(Collapse.onDevice(Unit.rows(q.get(0).stopGradient())));
        return contrast(q.get(0), k.get(1)).add(contrast(q.get(1), k.get(0)));
    }

    /** {@code 2τ·CE(norm(q)·norm(k)ᵀ/τ, i ↦ i)}: each query's positive is its own image's key, the batch's other keys the negatives. */
    static NDArray contrast(NDArray q, NDArray k, float temperature) {
        NDArray logits = Scalars.div(Unit.rows(q).matMul(Unit.rows(k).transpose()), temperature);
        long n = logits.getShape().get(0);
        NDArray eye = logits.getManager().eye((int) n).toType(logits.getDataType(), false);
        return Scalars.mul(logits.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg(), 2 * temperature);
    }

    private NDArray contrast(NDArray q, NDArray k) {
        return contrast(q, k, temperature);
    }

    @Override
    public void afterUpdate(StepInput step) {
        ema.update(step.step(), step.scope());
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse", collapse.get());
        ema.monitor(out);
        return out;
    }
}
