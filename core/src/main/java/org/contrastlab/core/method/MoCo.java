package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.JigsawCrop;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.InfoNceLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.ProjectionHead;
import org.contrastlab.core.model.RunningStats;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.KeyQueue;
import org.contrastlab.core.ssl.MethodState;
import org.contrastlab.core.ssl.MomentumTeacher;

/**
 * MoCo v1 and v2 (He et al. 2019, "Momentum Contrast for Unsupervised Visual Representation
 * Learning"; Chen et al. 2020, "Improved Baselines with Momentum Contrastive Learning";
 * facebookresearch/moco {@code moco/builder.py} and its CIFAR-10 Colab demo). A query encoder
 * (backbone + head) and a key encoder that is its EMA; a FIFO queue of K past keys are the
 * negatives of InfoNCE. v1 has a linear head, v2 an MLP head. Shuffle BN is emulated on one
 * device as the demo's split batch norm: the key batch is shuffled, passed in G independent
 * groups (each group its own batch statistics) and unshuffled; the queries are passed in G
 * groups too. With {@code symmetric}, both views serve as query and key (the losses are
 * summed and both key sets enqueued, as the demo).
 */
public final class MoCo implements SslMethod {
    /** MoCo's own checks: shuffle-BN groups divide the batch, and the queue holds a step's keys. */
    static final MethodCheck CHECK = MethodCheck.onConfig((params, shape, problems) -> {
        int groups = params.count("split_bn");
        if (shape.batchSize() % groups != 0) {
            problems.add("--param split_bn=" + groups + " must divide --batch-size " + shape.batchSize());
            return;
        }
        MethodCheck.queueHolds(params, shape.batchSize() * (params.flag("symmetric") ? 2 : 1), problems);
    });

    /**
     * MoCo v1's registration. Preset: lightly's CIFAR-10 benchmark (lr 0.06), τ 0.07; a bench
     * budget of 400 × 256 on the CIFAR subset (+2.83 after 200 × 256 once PyTorch's SGD update was
     * ours, +5.53 after 400 × 256 in 222 s: docs/benchmarks.md, session 18).
     */
    public static final MethodSpec V1 = new MethodSpec("moco-v1",
            "a momentum key encoder and a queue of past keys as negatives (InfoNCE), linear head",
            "He et al. 2019, arXiv:1911.05722; facebookresearch/moco", 2, 2,
            List.of(CommonParams.QUEUE, CommonParams.MOMENTUM, CommonParams.SPLIT_BN, CommonParams.SYMMETRIC),
            MethodPreset.views("moco-v1").temperature(0.07f).learningRate(0.06).bench(400, 256).onShapes("simclr-shapes", 1000, 64), CHECK,
            (nb, c) -> new MoCo(nb.get(), ProjectionHead.build(c.options().projectionDim()), nb.get(),
                    ProjectionHead.build(c.options().projectionDim()), c));

    /** MoCo v2's registration. Preset: lightly's CIFAR-10 benchmark (lr 0.06), τ 0.1. */
    public static final MethodSpec V2 = new MethodSpec("moco-v2",
            "MoCo with an MLP head, blur and a cosine schedule",
            "Chen et al. 2020, arXiv:2003.04297; facebookresearch/moco", 2, 2,
            List.of(CommonParams.QUEUE, CommonParams.MOMENTUM, CommonParams.SPLIT_BN, CommonParams.SYMMETRIC),
            MethodPreset.views("moco-v2-cifar").temperature(0.1f).learningRate(0.06).onShapes("simclr-shapes", 1000, 64), CHECK,
            (nb, c) -> new MoCo(nb.get(), c.head(2), nb.get(), c.head(2), c));

    /**
     * InfoMin's jigsaw branch (PIRL's): the third view cut into 3 × 3 patches, each through the
     * query backbone, combined by {@code head} into a second query of the same key; its InfoNCE
     * term weighs {@code beta}, the usual term {@code 1 − beta} (PyContrast's {@code --beta}).
     */
    record Jigsaw(Block head, double beta) {
    }

    private final Block backbone;
    private final Block head;
    private final Block keyBackbone;
    private final Block keyHead;
    private final MethodContext context;
    private final float temperature;
    private final int groups;
    private final boolean symmetric;
    private final MomentumTeacher ema;
    private final Jigsaw jigsaw;
    private final DeviceValue jigsawLoss = new DeviceValue();
    /** The encoder's running BN statistics from before this step's patch pass, put back after the update. */
    private RunningStats viewStats;
    private KeyQueue queue;
    private NDArray pendingKeys;
    private final DeviceValue collapse = new DeviceValue();
    /** One InfoNCE term's loss of the last step, and its candidates a row (the key and the queue), for the bound. */
    private final DeviceValue termLoss = new DeviceValue();
    private volatile int candidates = 1;

    public MoCo(Block backbone, Block head, Block keyBackbone, Block keyHead, MethodContext context) {
        this(backbone, head, keyBackbone, keyHead, null, context);
    }

    /** MoCo with InfoMin's jigsaw branch on the third view ({@code jigsaw} null: none). */
    MoCo(Block backbone, Block head, Block keyBackbone, Block keyHead, Jigsaw jigsaw, MethodContext context) {
        this.jigsaw = jigsaw;
        this.backbone = backbone;
        this.head = head;
        this.keyBackbone = keyBackbone;
        this.keyHead = keyHead;
        this.context = context;
        this.temperature = context.options().temperature();
        this.groups = context.params().count("split_bn");
        this.symmetric = context.params().flag("symmetric");
        this.ema = MomentumTeacher.of(context.params().get("momentum"), false, context.totalSteps());
        if (context.batchSize() % groups != 0) {
            throw new IllegalArgumentException("split_bn " + groups + " must divide the batch size " + context.batchSize());
        }
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        Shape image = new Shape(2, 3, imageSize, imageSize);
        Shape feature = new Shape(2, context.featureDim());
        for (Block b : List.of(backbone, keyBackbone)) {
            b.initialize(manager, DataType.FLOAT32, image);
        }
        for (Block b : List.of(head, keyHead)) {
            b.initialize(manager, DataType.FLOAT32, feature);
        }
        if (jigsaw != null) {
            jigsaw.head().initialize(manager, DataType.FLOAT32, new Shape(2L * JigsawCrop.GRID * JigsawCrop.GRID, context.featureDim()));
        }
        ema.follow(backbone, keyBackbone).follow(head, keyHead);
        queue = KeyQueue.randomUnit(manager, context.params().count("queue_size"), context.options().projectionDim());
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return jigsaw == null ? List.of(backbone, head) : List.of(backbone, head, jigsaw.head());
    }

    @Override
    public Map<String, Block> teachers() {
        return Map.of("key_backbone", keyBackbone, "key_head", keyHead);
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> views = step.views();
        ParameterStore ps = step.parameters();
        NDArray q1 = Unit.rows(inGroups(ps, views.get(0), backbone, head));
        NDArray k2 = keys(ps, views.get(1), step.scope());
        collapse.set(Collapse.onDevice(q1.stopGradient()));
        NDArray negatives = queue.rows();
        candidates = 1 + (int) negatives.getShape().get(0);
        NDArray loss = InfoNceLoss.compute(q1, k2, negatives, temperature);
        if (!symmetric) {
            pendingKeys = k2;
            termLoss.set(loss.stopGradient());
            return withJigsaw(step, loss, k2, negatives);
        }
        NDArray q2 = Unit.rows(inGroups(ps, views.get(1), backbone, head));
        NDArray k1 = keys(ps, views.get(0), step.scope());
        pendingKeys = NDArrays.concat(new NDList(k1, k2), 0);
        NDArray both = loss.add(InfoNceLoss.compute(q2, k1, negatives, temperature));
        termLoss.set(Scalars.div(both.stopGradient(), 2)); // the bound is per InfoNCE term
        return withJigsaw(step, both, k2, negatives);
    }

    /** {@code loss} weighed with the jigsaw query's InfoNCE against the same key {@code k2} and negatives, when there is a branch. */
    private NDArray withJigsaw(StepInput step, NDArray loss, NDArray k2, NDArray negatives) {
        if (jigsaw == null) {
            return loss;
        }
        NDArray patches = JigsawCrop.cut(step.views().get(2), step.scope());
        // the patches' batch statistics normalise their own pass, but must not become the encoder's running ones: put back
        // after the update (the backward pass checks that the running statistics it saved are unchanged)
        viewStats = RunningStats.keep(step.parameters(), backbone, patches.getDevice(), step.scope());
        NDArray features = inGroups(step.parameters(), patches, backbone);
        NDArray q = Unit.rows(Forward.through(step.parameters(), features, jigsaw.head()));
        NDArray term = InfoNceLoss.compute(q, k2, negatives, temperature);
        jigsawLoss.set(term.stopGradient());
        return Scalars.mul(loss, 1 - jigsaw.beta()).add(Scalars.mul(term, jigsaw.beta()));
    }

    /** The key encoder's unit outputs for a view, with the batch shuffled across the BN groups and put back. */
    private NDArray keys(ParameterStore ps, NDArray view, NDManager scope) {
        int b = (int) view.getShape().get(0);
        NDArray perm = scope.randomPermutation(b);
        NDArray inverse = perm.argSort();
        NDArray shuffled = view.get(perm);
        NDArray k = Unit.rows(inGroups(ps, shuffled, keyBackbone, keyHead));
        return k.get(inverse).stopGradient();
    }

    /** The batch through the blocks in {@code groups} independent parts (split batch norm). */
    private NDArray inGroups(ParameterStore ps, NDArray x, Block... blocks) {
        if (groups == 1) {
            return Forward.through(ps, x, blocks);
        }
        int b = (int) x.getShape().get(0);
        int size = b / groups;
        List<NDArray> parts = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            int end = g == groups - 1 ? b : (g + 1) * size;
            parts.add(Forward.through(ps, x.get((g * size) + ":" + end), blocks));
        }
        return NDArrays.concat(new NDList(parts), 0);
    }

    @Override
    public void afterUpdate(StepInput step) {
        if (viewStats != null) {
            viewStats.restore();
            viewStats = null;
        }
        ema.update(step.step(), step.scope());
        queue.enqueue(pendingKeys);
        pendingKeys = null;
    }

    @Override
    public StepDetail detail(StepInput step, int images) {
        ParameterStore ps = step.parameters();
        NDArray q = Unit.rows(StepDetails.inference(ps, StepDetails.first(step.views().get(0), images), backbone, head));
        NDArray k = Unit.rows(StepDetails.inference(ps, StepDetails.first(step.views().get(1), images), keyBackbone, keyHead));
        float[] positive = StepDetails.cosines(q, k);
        float[] hardest = q.matMul(queue.rows().transpose()).max(new int[] {1}).toFloatArray();
        int perStep = context.batchSize() * (symmetric ? 2 : 1);
        int filled = queue.filled();
        return new StepDetail("Each query (view 1, trained encoder) is contrasted with its key (view 2, the slow key encoder) and the "
                + filled + " keys of the queue, " + (queue.isFull() ? "the oldest from " + (filled + perStep - 1) / perStep
                + " steps ago" : "still filling") + "; τ " + temperature + ".",
                Map.of("queue_size", (double) queue.capacity(), "queue_filled", (double) filled,
                        "oldest_key_age_steps", (double) ((filled + perStep - 1) / perStep), "keys_per_step", (double) perStep),
                List.of(new StepDetail.Bars("cos(query, its key) per image", positive, List.of()),
                        new StepDetail.Bars("cos(query, the closest key in the queue) per image", hardest, List.of())));
    }

    @Override
    public Map<String, Double> monitors() {
        if (jigsaw != null) {
            Map<String, Double> all = new LinkedHashMap<>(mocoMonitors());
            all.put("jigsaw_loss", jigsawLoss.get());
            return all;
        }
        return mocoMonitors();
    }

    private Map<String, Double> mocoMonitors() {
        return Map.of("collapse", collapse.get(), MomentumTeacher.MONITOR, ema.lastMomentum(),
                "queue_fill", queue == null ? 0 : (double) queue.filled() / queue.capacity(),
                InfoNceLoss.BOUND_MONITOR, InfoNceLoss.bound(candidates, termLoss.get()),
                InfoNceLoss.CEILING_MONITOR, Math.log(candidates));
    }

    @Override
    public MethodState state() {
        return MethodState.queue("queue", queue);
    }

    /** The queue (for tests and checkpoints). */
    KeyQueue queue() {
        return queue;
    }
}
