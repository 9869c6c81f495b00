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
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.BankContrast;
import org.contrastlab.core.loss.NceLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.ProjectionHead;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MemoryBank;
import org.contrastlab.core.ssl.MethodState;

/**
 * InstDisc (Wu, Xiong, Yu &amp; Lin 2018, "Unsupervised Feature Learning via Non-Parametric
 * Instance Discrimination"; zhirongw/lemniscate.pytorch {@code lib/NCEAverage.py},
 * {@code lib/NCECriterion.py}). Every image is its own class: a memory bank keeps one unit
 * 128-d feature per training image; a feature is scored against its own bank row and K rows
 * drawn uniformly, {@code P = exp(v·f/τ)/Z} with Z estimated once on the first batch
 * ({@code Z = mean(exp(v·f/τ))·n}), and trained with NCE; then its bank row becomes
 * {@code norm(m·v + (1 − m)·f)}. One view per image, no second encoder. By default
 * ({@code softmax=1}) the same scores go through the paper's non-parametric softmax (eq. 2) over
 * the own row and the drawn rows, which needs no Z: on data whose untrained features crowd
 * together, a Z fixed on the first batch later weighs the negatives far too little
 * (docs/benchmarks.md, session 15); {@code softmax=0} is the reference's NCE.
 */
public final class InstDisc extends OneEncoder {
    /**
     * InstDisc's registration. Preset: its reference's lr 0.03 and τ 0.1; 400 × 128 in {@code bench
     * methods} (the softmax: +5.26 over random init in 118 s, where the reference's NCE took 600 ×
     * 128 for +4.71; docs/benchmarks.md, sessions 15 and 16).
     */
    public static final MethodSpec SPEC = new MethodSpec("instdisc",
            "every image its own class: a memory bank of features, each scored against its own row and random rows "
                    + "(softmax; NCE as the reference)",
            "Wu et al. 2018, arXiv:1805.01978; zhirongw/lemniscate.pytorch", 1, 1,
            List.of(ParamSpec.count("negatives", 4096, 1, 1 << 20, "noise samples K drawn from the bank per image"),
                    new ParamSpec("bank_momentum", 0.5, 0, 1, "bank row ← norm(m·row + (1 − m)·feature)"),
                    ParamSpec.flag("bank_from_encoder", true,
                            "1: the bank starts from the untrained encoder's features; 0: uniform noise, as the reference"),
                    ParamSpec.flag("softmax", true, "1: cross-entropy over the own row and the K drawn ones (the paper's"
                            + " non-parametric softmax, eq. 2, over a sample); 0: NCE with Z fixed on the first batch, as the reference")
                            // the default became 1 a release before runs kept it; NCE's runs log nce_z
                            .changedFrom(0, "nce_z")),
            // On sample:shapes NCE with Z fixed on the first batch stayed at its start (−0.1 after 1,000 × 64); the
            // cross-entropy over the same rows reached +22.0 (docs/benchmarks.md, session 15).
            MethodPreset.views("instdisc").temperature(0.1f).learningRate(0.03).bench(400, 128)
                    .onShapes("instdisc-shapes", 1000, 64),
            new MethodCheck() {
                @Override
                public void data(MethodParams params, int trainSize, String dataName, List<String> problems) {
                    int k = params.count("negatives");
                    if (k >= trainSize) {
                        problems.add("--param negatives=" + k + ": InstDisc's memory bank holds the " + trainSize
                                + " training images of " + dataName + "; draw fewer noise samples than that");
                    }
                }
            },
            (nb, c) -> new InstDisc(nb.get(), ProjectionHead.build(c.options().projectionDim()), c));

    private final MethodContext context;
    private final int negatives;
    private final float temperature;
    private MemoryBank bank;
    private double z = Double.NaN;
    private NDArray pendingFeatures;

    public InstDisc(Block backbone, Block head, MethodContext context) {
        super(backbone, head, context.featureDim());
        this.context = context;
        this.negatives = context.params().count("negatives");
        this.temperature = context.options().temperature();
        if (negatives >= context.datasetSize()) {
            throw new IllegalArgumentException("negatives " + negatives + " must be fewer than the " + context.datasetSize()
                    + " images of the memory bank");
        }
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        super.initialize(manager, imageSize);
        bank = new MemoryBank(manager, context.datasetSize(), context.options().projectionDim());
    }

    /**
     * With {@code bank_from_encoder} on, the bank starts from the untrained encoder's feature of
     * every image instead of uniform noise: the first epoch's positives then point somewhere
     * meaningful, which matters at the few epochs of a small run (the reference trains 200).
     */
    @Override
    public void prepare(DatasetEncoder encoder, NDManager manager) {
        if (context.params().flag("bank_from_encoder")) {
            try (NDManager scope = manager.newSubManager()) {
                bank.fill(encoder.encode(List.of(backbone, head), scope));
            }
        }
    }

    @Override
    public NDArray loss(StepInput step) {
        NDArray f = Unit.rows(Forward.through(step.parameters(), step.views().get(0), backbone, head));
        collapse.set(Collapse.onDevice(f.stopGradient()));
        NDManager scope = step.scope();
        long b = f.getShape().get(0);
        NDArray own = step.indices().toType(DataType.INT64, false).reshape(b, 1);
        NDArray noise = scope.randomInteger(0, context.datasetSize(), new Shape(b, negatives), DataType.INT64);
        NDArray idx = NDArrays.concat(new NDList(own, noise), 1);
        NDArray weights = bank.get(idx.reshape(-1)).reshape(b, negatives + 1, -1).stopGradient();
        pendingFeatures = f.stopGradient();
        if (context.params().flag("softmax")) {
            return BankContrast.softmax(f, weights, temperature);
        }
        NDArray out = BankContrast.scores(f, weights, temperature).exp();
        if (Double.isNaN(z)) {
            z = out.mean().getFloat() * context.datasetSize();
        }
        return NceLoss.compute(Scalars.div(out, z), context.datasetSize());
    }

    @Override
    public void afterUpdate(StepInput step) {
        bank.update(step.indices().toType(DataType.INT64, false), pendingFeatures, context.params().get("bank_momentum"));
        pendingFeatures = null;
    }

    @Override
    public Map<String, Double> monitors() {
        return context.params().flag("softmax") ? Map.of("collapse", collapse.get()) : Map.of("collapse", collapse.get(), "nce_z", z);
    }

    @Override
    public MethodState state() {
        return MethodState.of(MethodState.array("bank", bank.rows()), MethodState.scalar("nce_z", () -> z, value -> z = value));
    }

    /** The memory bank (for tests and checkpoints). */
    MemoryBank bank() {
        return bank;
    }

}
