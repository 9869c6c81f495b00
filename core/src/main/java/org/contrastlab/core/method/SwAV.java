package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;
import org.contrastlab.core.loss.SwappedPredictionLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.KeyQueue;
import org.contrastlab.core.ssl.MethodState;
import org.contrastlab.core.ssl.SinkhornKnopp;

/**
 * SwAV (Caron et al. 2020, "Unsupervised Learning of Visual Features by Contrasting Cluster
 * Assignments"; facebookresearch/swav {@code main_swav.py}). Unit embeddings of every crop are
 * scored against K prototypes (a bias-free linear layer whose rows are re-normalised after
 * every update); the codes of each global crop come from Sinkhorn-Knopp on its detached
 * scores (with a queue of past global embeddings prepended once it has filled, from step
 * {@code queue_start}); every other crop predicts them ({@link SwappedPredictionLoss}). The
 * prototypes stay frozen for the first {@code freeze_prototypes} steps. Multi-crop: the crops
 * of each size pass the backbone together, and the features of all crops the projection head
 * together, as in the reference.
 */
public final class SwAV implements SslMethod {
    /** {@code freeze_prototypes} of SwAV's preset on sample:shapes: longer than any run there. */
    static final int FROZEN = 1_000_000;

    /** SwAV's registration. Preset: its multi-crop views at 32/18 px, lightly's lr 0.06, τ 0.1. */
    public static final MethodSpec SPEC = new MethodSpec("swav",
            "online clustering: Sinkhorn codes of the global crops predicted by every other crop (multi-crop)",
            "Caron et al. 2020, arXiv:2006.09882; facebookresearch/swav", 2, 10,
            List.of(ParamSpec.count("prototypes", 3000, 2, 65536,
                            "prototypes K (reference 3000; keep K above the projection width, or the embeddings can hide in the "
                                    + "prototypes' null space)"),
                    new ParamSpec("epsilon", 0.05, 1e-4, 10, "Sinkhorn regularisation ε"),
                    ParamSpec.count("sinkhorn_iterations", 3, 1, 100, "Sinkhorn-Knopp iterations"),
                    ParamSpec.count("queue_size", 0, 0, 1 << 20, "past global embeddings kept for the codes (0: none; reference 3840)"),
                    ParamSpec.count("queue_start", 0, 0, Integer.MAX_VALUE, "step from which the queue fills and is used"),
                    ParamSpec.count("freeze_prototypes", 20, 0, Integer.MAX_VALUE, "steps the prototypes stay fixed (reference 313; "
                            + "more than the run's steps: random prototypes throughout, SwAV's preset on sample:shapes)")),
            // Two 32 px views as solo-learn's CIFAR SwAV: with six 18 px local crops it stayed at its random start on the
            // 10,000-image subset; with two views 1,200 × 128 reached +3.56 (docs/benchmarks.md, session 9).
            // On sample:shapes learned prototypes settled with the embeddings where every prediction is flat (loss log K,
            // kNN at its start); kept at their random start they leave only the codes to match: +15.4 (session 15).
            MethodPreset.views("simclr-cifar").temperature(0.1f).learningRate(0.06).bench(1200, 128)
                    .onShapes("simclr-shapes", 1000, 64).shapesParams(Map.of("freeze_prototypes", (double) FROZEN)),
            MethodCheck.onConfig((params, shape, problems) -> {
                int k = params.count("prototypes");
                if (k <= shape.projectionDim()) {
                    problems.add("--param prototypes=" + k + " must exceed the projection width " + shape.projectionDim()
                            + ": with fewer prototypes the embeddings can settle where every score is 0 and stop learning");
                }
            }),
            (nb, c) -> new SwAV(nb.get(), c.head(2), c));

    private final Block backbone;
    private final Block projector;
    private final Block prototypes;
    private final MethodContext context;
    private final int queueSize;
    private final int queueStart;
    private final int freezeSteps;
    private final double epsilon;
    private final int iterations;
    private final List<KeyQueue> queues = new ArrayList<>();
    private List<NDArray> pendingEmbeddings;
    private final DeviceValue collapse = new DeviceValue();
    private final DeviceValue codeEntropy = new DeviceValue();

    public SwAV(Block backbone, Block projector, MethodContext context) {
        this.backbone = backbone;
        this.projector = projector;
        this.context = context;
        this.prototypes = Linear.builder().setUnits(context.params().count("prototypes")).optBias(false).build();
        this.queueSize = context.params().count("queue_size");
        this.queueStart = context.params().count("queue_start");
        this.freezeSteps = context.params().count("freeze_prototypes");
        this.epsilon = context.params().get("epsilon");
        this.iterations = context.params().count("sinkhorn_iterations");
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, context.featureDim()));
        prototypes.initialize(manager, DataType.FLOAT32, new Shape(2, context.options().projectionDim()));
        normalizePrototypes();
        if (queueSize > 0) {
            for (int g = 0; g < context.globalViews(); g++) {
                queues.add(KeyQueue.zeros(manager, queueSize, context.options().projectionDim()));
            }
        }
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, projector, prototypes);
    }

    @Override
    public Set<Block> frozenAt(int step) {
        return step < freezeSteps ? Set.of(prototypes) : Set.of();
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> views = step.views();
        List<NDArray> z = new ArrayList<>();
        for (NDArray e : Forward.multiCrop(step.parameters(), views, backbone, projector)) {
            z.add(Unit.rows(e));
        }
        collapse.set(Collapse.onDevice(z.get(0).stopGradient()));
        List<NDArray> scores = new ArrayList<>();
        for (NDArray e : z) {
            scores.add(Forward.through(step.parameters(), e, prototypes));
        }
        boolean useQueue = !queues.isEmpty() && step.step() >= queueStart;
        List<NDArray> codes = new ArrayList<>();
        NDArray entropy = null;
        for (int g = 0; g < context.globalViews(); g++) {
            NDArray out = scores.get(g).stopGradient();
            long b = out.getShape().get(0);
            if (useQueue && queues.get(g).isFull()) {
                NDArray rows = Scopes.view(queues.get(g).rows(), step.scope());
                NDArray queued = Forward.through(step.parameters(), rows, prototypes).stopGradient();
                out = NDArrays.concat(new NDList(queued, out), 0);
            }
            NDArray q = SinkhornKnopp.codes(out, epsilon, iterations);
            q = q.get((q.getShape().get(0) - b) + ":");
            codes.add(q);
            entropy = entropy == null ? meanEntropy(q) : entropy.add(meanEntropy(q));
        }
        codeEntropy.set(Scalars.div(entropy, context.globalViews()));
        pendingEmbeddings = useQueue ? Forward.detached(z.subList(0, context.globalViews())) : null;
        return SwappedPredictionLoss.compute(scores, codes, context.options().temperature());
    }

    @Override
    public StepDetail detail(StepInput step, int images) {
        ParameterStore ps = step.parameters();
        // codes over the whole batch, as the step computes them (without the queue), then the first images'
        NDArray z = Unit.rows(StepDetails.inference(ps, step.views().get(0), backbone, projector));
        NDArray codes = SinkhornKnopp.codes(StepDetails.inference(ps, z, prototypes), epsilon, iterations);
        NDArray shown = StepDetails.first(codes, images);
        float[] strongest = shown.max(new int[] {1}).toFloatArray();
        long[] chosen = shown.argMax(1).toLongArray();
        List<String> labels = new ArrayList<>();
        Set<Long> distinct = new HashSet<>();
        for (long c : chosen) {
            labels.add("#" + c);
            distinct.add(c);
        }
        int k = (int) codes.getShape().get(1);
        return new StepDetail("Each image's code: Sinkhorn-Knopp spreads the batch evenly over " + k + " prototypes (ε " + epsilon + ", "
                + iterations + " iterations); each view then predicts the other view's code. Bars: the share of each shown image's"
                + " code on its strongest prototype (1/" + k + " when nothing is told apart).",
                Map.of("prototypes", (double) k, "distinct_prototypes_shown", (double) distinct.size(),
                        "uniform_share", 1.0 / k),
                List.of(new StepDetail.Bars("strongest share of each image's code", strongest, labels)));
    }

    /**
     * The mean entropy (nats) of the samples' codes: log K when a code spreads evenly over the
     * prototypes (nothing told apart), falling as the assignments sharpen. (The batch's mean
     * code is uniform by construction: Sinkhorn's equipartition.)
     */
    private static NDArray meanEntropy(NDArray q) {
        return q.mul(Scalars.add(q, 1e-12f).log()).sum(new int[] {1}).mean().neg();
    }

    @Override
    public void afterUpdate(StepInput step) {
        normalizePrototypes();
        if (pendingEmbeddings != null) {
            for (int g = 0; g < queues.size(); g++) {
                queues.get(g).enqueue(pendingEmbeddings.get(g));
            }
            pendingEmbeddings = null;
        }
    }

    /** Each prototype row to unit length, in place (no gradient). */
    private void normalizePrototypes() {
        NDArray w = prototypes.getParameters().get("weight").getArray();
        try (NDManager scope = w.getManager().newSubManager()) {
            // computed before w is touched: the view shares w's storage
            NDArray unit = Unit.rows(Scopes.view(w, scope));
            w.subi(w).addi(unit); // zeroed without copying a number to the device
        }
    }

    @Override
    public MethodState state() {
        List<MethodState> parts = new ArrayList<>();
        for (int g = 0; g < queues.size(); g++) {
            parts.add(MethodState.queue("queue_" + g, queues.get(g)));
        }
        return MethodState.of(parts.toArray(MethodState[]::new));
    }

    @Override
    public Map<String, Double> monitors() {
        double fill = queues.isEmpty() ? 0 : (double) queues.get(0).filled() / queues.get(0).capacity();
        return Map.of("collapse", collapse.get(), "code_entropy", codeEntropy.get(), "queue_fill", fill);
    }
}
