package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.loss.InfoNceLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.KeyQueue;
import org.contrastlab.core.ssl.MethodState;
import org.contrastlab.core.ssl.MomentumTeacher;

/**
 * MoBY (Xie et al. 2021, "Self-Supervised Learning with Swin Transformers";
 * SwinTransformer/Transformer-SSL {@code models/moby.py}): MoCo v2's key queues with BYOL's
 * asymmetric predictor and rising momentum. An online network (backbone, projector, predictor)
 * and a target network (backbone, projector) that is its EMA, momentum 0.99 rising to 1 on a
 * cosine; each view's prediction is contrasted with the target's projection of the other view
 * against a queue of that view's past target projections (InfoNCE, τ 0.2), the two directions
 * summed; then each view's target projections are enqueued in its own queue.
 */
public final class MoBY implements SslMethod {
    /**
     * MoBY's registration. Preset: the Swin Transformer it was made for ({@code swin-micro} at
     * 32 px), BYOL's views, AdamW at 1e-3 with weight decay 0.05, τ 0.2, queues of 4096. On
     * sample:shapes the views that redraw the shape's colour (with BYOL's CIFAR views the Swin
     * fell below its random start there, kNN −1.6 points after 200 × 256), 1,000 steps of 64 and
     * the reference's rate scaled to that batch: +5.1 (docs/benchmarks.md). Its {@code bench
     * methods} budget is the slow starters' 800 × 128:
     * +3.08 on the CIFAR subset (+1.98 at 200 × 256), and half the memory (4.0 against 7.4 GB).
     */
    public static final MethodSpec SPEC = new MethodSpec("moby",
            "MoCo v2's queues with BYOL's predictor and momentum schedule, symmetric; made for the Swin Transformer",
            "Xie et al. 2021, arXiv:2105.04553; SwinTransformer/Transformer-SSL", 2, 2,
            List.of(new ParamSpec("momentum", 0.99, 0, 1, "target EMA momentum at the start, rising to 1 on a cosine"),
                    ParamSpec.count("queue_size", 4096, 1, 1 << 20, "past target projections kept per view as negatives")),
            MethodPreset.views("byol-cifar").optimizer("adamw").learningRate(1e-3).weightDecay(0.05, -1).temperature(0.2f)
                    .heads(512, 256).bench(800, 128).backbone("swin-micro")
                    // on sample:shapes the Swin rules' rate for 64 images, 1e-3 × 64/512: at 1e-3 the loss rose and the
                    // kNN fell below its start (−1.3); at 1.25e-4 +5.1 after 1,000 × 64 (docs/benchmarks.md, session 15)
                    .onShapes("simclr-shapes", 1000, 64).shapesRate(1e-3 * 64 / 512),
            MethodCheck.onConfig((params, shape, problems) -> MethodCheck.queueHolds(params, shape.batchSize(), problems)),
            (nb, c) -> new MoBY(nb.get(), c.head(2), c.head(2), nb.get(), c.head(2), c));

    private final Block backbone;
    private final Block projector;
    private final Block predictor;
    private final Block targetBackbone;
    private final Block targetProjector;
    private final MethodContext context;
    private final MomentumTeacher ema;
    private final DeviceValue collapse = new DeviceValue();
    private KeyQueue queue1;
    private KeyQueue queue2;
    private NDArray pending1;
    private NDArray pending2;

    public MoBY(Block backbone, Block projector, Block predictor, Block targetBackbone, Block targetProjector, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.predictor = predictor;
        this.targetBackbone = targetBackbone;
        this.targetProjector = targetProjector;
        this.context = context;
        this.ema = MomentumTeacher.of(context.params().get("momentum"), true, context.totalSteps());
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
        int size = context.params().count("queue_size");
        queue1 = KeyQueue.randomUnit(manager, size, context.options().projectionDim());
        queue2 = KeyQueue.randomUnit(manager, size, context.options().projectionDim());
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
        List<NDArray> z = Forward.each(step.parameters(), views, backbone, projector);
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        NDArray p1 = Unit.rows(Forward.through(step.parameters(), z.get(0), predictor));
        NDArray p2 = Unit.rows(Forward.through(step.parameters(), z.get(1), predictor));
        List<NDArray> targets = Forward.detached(Forward.each(step.parameters(), views, targetBackbone, targetProjector));
        NDArray k1 = Unit.rows(targets.get(0));
        NDArray k2 = Unit.rows(targets.get(1));
        float tau = context.options().temperature();
        NDArray loss = InfoNceLoss.compute(p1, k2, queue2.rows(), tau).add(InfoNceLoss.compute(p2, k1, queue1.rows(), tau));
        pending1 = k1;
        pending2 = k2;
        return loss;
    }

    @Override
    public void afterUpdate(StepInput step) {
        ema.update(step.step(), step.scope());
        queue1.enqueue(pending1);
        queue2.enqueue(pending2);
        pending1 = null;
        pending2 = null;
    }

    @Override
    public Map<String, Double> monitors() {
        return Map.of("collapse", collapse.get(), MomentumTeacher.MONITOR, ema.lastMomentum(),
                "queue_fill", (double) queue1.filled() / queue1.capacity());
    }

    @Override
    public MethodState state() {
        return MethodState.of(MethodState.queue("queue1", queue1), MethodState.queue("queue2", queue2));
    }

    /** Both queues side by side (for tests). */
    NDArray queues() {
        return NDArrays.concat(new NDList(queue1.rows(), queue2.rows()), 0);
    }
}
