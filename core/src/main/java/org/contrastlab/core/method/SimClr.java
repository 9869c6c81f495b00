package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.loss.InfoNceLoss;
import org.contrastlab.core.loss.NtXentLoss;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MethodState;

/**
 * SimCLR (Chen, Kornblith, Norouzi &amp; Hinton 2020, "A Simple Framework for Contrastive
 * Learning of Visual Representations"; reference code google-research/simclr). One encoder f
 * and a projection head g; views of the same size go through f and g together (one batch of
 * 2N, so batch norm sees both, as the reference's global BN does) and NT-Xent contrasts each
 * view with its twin against the other 2N − 2. SimCLR v2 (Chen et al. 2020b) is the same
 * with a deeper head (3 layers). With multi-crop, every other crop of an image is a positive
 * (solo-learn's multi-crop SimCLR). Features for evaluation are taken before g. SimCLR v2's
 * optional memory ({@link MomentumMemory}) adds the past outputs of a momentum copy of f and g
 * as negatives of every row.
 */
public final class SimClr extends OneEncoder {
    /**
     * SimCLR's registration. Preset: the shared defaults (lr 0.3, τ 0.5) on SimCLR's CIFAR views
     * drawn from the run's colour strength; on the built-in data its own views and 1,000 steps of
     * 64 images (about two minutes on a 2-core CPU: kNN 0.753 after 1,000 × 64 in 114 s with huge
     * pages, session 18; before session 5's SGD update 0.787 in 159 s, 0.711 after 300 × 128 in
     * 260 s, 0.488 after 100 × 256 in 292 s; docs/benchmarks.md, "The built-in data").
     */
    public static final MethodSpec SPEC = new MethodSpec("simclr",
            "contrast two views of each image against the rest of the batch (NT-Xent); multi-crop: all crops of an image are positives",
            "Chen et al. 2020, arXiv:2002.05709; google-research/simclr", 2, 10,
            List.of(ParamSpec.count("head_layers", 2, 1, 4, "linear layers in the projection head (v1: 2, v2: 3)")),
            MethodPreset.views(null).onShapes("simclr-shapes", 1000, 64), MethodCheck.NONE,
            (nb, c) -> new SimClr(nb.get(), c.featureDim(), c.head(c.params().count("head_layers")), c.options().temperature()));

    /** SimCLR v2's registration: SimCLR's preset, a three-layer head and an optional memory of past keys. */
    public static final MethodSpec V2 = new MethodSpec("simclr-v2",
            "SimCLR with the v2 projection head of three layers",
            "Chen et al. 2020, arXiv:2006.10029; google-research/simclr (v2)", 2, 10,
            List.of(ParamSpec.count("head_layers", 3, 1, 4, "linear layers in the projection head (v2: 3)"),
                    ParamSpec.flag("memory", false,
                            "1: past keys of a momentum copy of the encoder and head as extra negatives (v2's MoCo memory)"),
                    CommonParams.QUEUE, new ParamSpec("momentum", 0.999, 0, 1, "the memory copy's EMA momentum (v2: 0.999)")),
            SPEC.preset(),
            MethodCheck.onConfig((params, shape, problems) -> {
                if (params.flag("memory")) {
                    MethodCheck.queueHolds(params, shape.batchSize() * shape.globalViews(), problems);
                }
            }),
            (nb, c) -> new SimClr(nb.get(), c.featureDim(), c.head(c.params().count("head_layers")), c.options().temperature(),
                    c.params().flag("memory") ? new MomentumMemory(nb.get(), c.head(c.params().count("head_layers")),
                            c.params().count("queue_size"), c.params().get("momentum"), c.totalSteps()) : null));

    private final float temperature;
    private final int featureDim;
    private final MomentumMemory memory;

    private final DeviceValue lastLoss = new DeviceValue();
    private volatile int candidates = 1;

    public SimClr(Block backbone, int featureDim, Block head, float temperature) {
        this(backbone, featureDim, head, temperature, null);
    }

    /** SimCLR with a memory of past keys ({@code memory} null: none). */
    SimClr(Block backbone, int featureDim, Block head, float temperature, MomentumMemory memory) {
        super(backbone, head, featureDim);
        this.featureDim = featureDim;
        this.memory = memory;
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        super.initialize(manager, imageSize);
        if (memory != null) {
            long projectionDim = head.getOutputShapes(new Shape[] {new Shape(2, featureDim)})[0].get(1);
            memory.initialize(backbone, head, manager, imageSize, featureDim, (int) projectionDim);
        }
    }

    @Override
    public Map<String, Block> teachers() {
        return memory == null ? Map.of() : memory.teachers();
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> z = Forward.byResolution(step.parameters(), step.views(), backbone, head);
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        NDArray loss;
        int others = z.size() * (int) z.get(0).getShape().get(0) - 1;
        if (memory == null) {
            loss = NtXentLoss.compute(z, temperature);
        } else {
            memory.encode(step.parameters(), step.views());
            NDArray negatives = memory.negatives();
            others += (int) negatives.getShape().get(0);
            loss = NtXentLoss.compute(z, negatives, temperature);
        }
        candidates = others;
        lastLoss.set(loss.stopGradient());
        return loss;
    }

    @Override
    public void afterUpdate(StepInput step) {
        if (memory != null) {
            memory.update(step.step(), step.scope());
        }
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>(super.monitors());
        // InfoNCE's bound on what the two views share, I(v1; v2) ≥ log K − L (Oord et al. 2018; InfoMin's x axis)
        out.put(InfoNceLoss.BOUND_MONITOR, InfoNceLoss.bound(candidates, lastLoss.get()));
        out.put(InfoNceLoss.CEILING_MONITOR, Math.log(candidates));
        if (memory == null) {
            return out;
        }
        out.put("teacher_momentum", memory.lastMomentum());
        out.put("queue_fill", memory.fill());
        return out;
    }

    @Override
    public MethodState state() {
        return memory == null ? MethodState.NONE : MethodState.queue("queue", memory.queue());
    }

    /** The memory, or null (for tests). */
    MomentumMemory memory() {
        return memory;
    }

}
