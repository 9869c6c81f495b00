package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.BankContrast;
import org.contrastlab.core.loss.NceLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.ColourSplit;
import org.contrastlab.core.model.ProjectionHead;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MemoryBank;
import org.contrastlab.core.ssl.MethodState;

/**
 * CMC, Contrastive Multiview Coding (Tian, Krishnan &amp; Isola 2019; HobbitLong/CMC
 * {@code train_CMC.py}, {@code NCE/NCEAverage.py}): the views of an image are its colour
 * channels, L and ab of Lab (or L, a and b apart), each encoded by its own backbone with a
 * linear head to 128-d unit features ({@link ColourSplit}). Each view keeps a memory bank of
 * one feature per training image; a view's feature is contrasted with the other view's bank:
 * its own image's row against K random rows, τ 0.07, by cross-entropy ({@code softmax=1}, the
 * reference's {@code --softmax}) or NCE; the loss sums both directions of every pair of views
 * (L ↔ ab; with three views the core view L with a and b, or every pair with {@code full_graph});
 * then each bank row becomes {@code norm(m·row + (1 − m)·feature)}, m 0.5. The features
 * evaluated are the views' features side by side.
 */
public final class Cmc implements SslMethod {
    /**
     * CMC's registration. Preset: its reference's views (one crop, scale 0.2–1, a flip, no colour
     * jitter: the colour is what the views split), lr 0.03, τ 0.07, 128-d heads. On sample:shapes
     * 400 × 256 steps: +12.7 points of kNN there, against +2.4 after 200 × 256 (docs/benchmarks.md).
     */
    public static final MethodSpec SPEC = new MethodSpec("cmc",
            "views as colour channels: L and ab of Lab, one encoder each, contrasted through each other's memory bank",
            "Tian et al. 2019, arXiv:1906.05849; HobbitLong/CMC", 1, 1,
            List.of(ParamSpec.count("negatives", 4096, 1, 1 << 20, "bank rows K drawn as negatives per image and direction"),
                    new ParamSpec("bank_momentum", 0.5, 0, 1, "bank row ← norm(m·row + (1 − m)·feature)"),
                    ParamSpec.flag("softmax", true, "1: cross-entropy over the own row and K others (the reference's --softmax); "
                            + "0: NCE, as InstDisc"),
                    ParamSpec.flag("bank_from_encoder", true,
                            "1: the banks start from the untrained encoders' features; 0: uniform noise, as the reference"),
                    ParamSpec.count("views", 2, 2, 3, "2: L | ab; 3: L | a | b"),
                    ParamSpec.flag("full_graph", false, "with 3 views, 1: every pair contrasted; 0: the core view L with each other")),
            MethodPreset.views("cmc").temperature(0.07f).learningRate(0.03).onShapes("cmc", 400, 256),
            new MethodCheck() {
                @Override
                public void config(MethodParams params, Shape shape, List<String> problems) {
                    if (shape.vit()) {
                        problems.add("--method cmc encodes each colour view with its own convolutional backbone (one or two channels "
                                + "in); --backbone " + shape.backbone() + " is a ViT: take convnet-small, convnet-tiny or a ResNet");
                    }
                }

                @Override
                public void images(MethodParams params, ImageStore train, String dataName, List<String> problems) {
                    if (train.isGreyscale()) {
                        problems.add("--method cmc contrasts the L channel of Lab with the ab channels, the colour; every image of "
                                + dataName + " is grey (one channel), so ab is empty: take a method whose views come from "
                                + "augmentations, e.g. --method simclr");
                    }
                }

                @Override
                public void data(MethodParams params, int trainSize, String dataName, List<String> problems) {
                    int k = params.count("negatives");
                    if (k >= trainSize) {
                        problems.add("--param negatives=" + k + ": CMC's memory banks hold the " + trainSize
                                + " training images of " + dataName + "; draw fewer negatives than that");
                    }
                }
            },
            (nb, c) -> new Cmc((ColourSplit) nb.get(), c),
            new EncoderShape() {
                @Override
                public Block build(Supplier<Block> newBackbone, MethodParams params, Normalization input) {
                    return new ColourSplit(groups(params), newBackbone, input);
                }

                @Override
                public int featureDim(int backboneDim, MethodParams params) {
                    return backboneDim * groups(params).size();
                }
            });

    private final ColourSplit encoder;
    private final List<Block> heads = new ArrayList<>();
    private final MethodContext context;
    private final int negatives;
    private final float temperature;
    /** Pairs of views contrasted, both ways. */
    private final List<int[]> pairs = new ArrayList<>();
    private final List<MemoryBank> banks = new ArrayList<>();
    /** NCE's normaliser of each direction (view i's features against view j's bank), estimated on the first batch. */
    private final Map<String, Double> z = new LinkedHashMap<>();
    private final DeviceValue collapse = new DeviceValue();
    private List<NDArray> pending;

    public Cmc(ColourSplit encoder, MethodContext context) {
        this.encoder = encoder;
        this.context = context;
        this.negatives = context.params().count("negatives");
        this.temperature = context.options().temperature();
        if (negatives >= context.datasetSize()) {
            throw new IllegalArgumentException("negatives " + negatives + " must be fewer than the " + context.datasetSize()
                    + " images of the memory banks");
        }
        int n = encoder.groups().size();
        for (int i = 0; i < n; i++) {
            heads.add(ProjectionHead.build(context.options().projectionDim()));
            for (int j = i + 1; j < n; j++) {
                if (i == 0 || context.params().flag("full_graph")) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        for (int[] p : pairs) {
            z.put(direction(p[0], p[1]), Double.NaN);
            z.put(direction(p[1], p[0]), Double.NaN);
        }
    }

    static List<ColourSplit.Group> groups(MethodParams params) {
        return params.count("views") == 3 ? ColourSplit.L_A_B : ColourSplit.L_AB;
    }

    private String direction(int from, int to) {
        return "nce_z_" + encoder.groups().get(from).name() + "_" + encoder.groups().get(to).name();
    }

    @Override
    public Block backbone() {
        return encoder;
    }

    @Override
    public List<Block> trainableBlocks() {
        List<Block> all = new ArrayList<>();
        all.add(encoder);
        all.addAll(heads);
        return all;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        int partWidth = context.featureDim() / heads.size();
        for (Block h : heads) {
            h.initialize(manager, DataType.FLOAT32, new Shape(2, partWidth));
        }
        for (int i = 0; i < heads.size(); i++) {
            banks.add(new MemoryBank(manager, context.datasetSize(), context.options().projectionDim()));
        }
    }

    @Override
    public void prepare(DatasetEncoder images, NDManager manager) {
        if (context.params().flag("bank_from_encoder")) {
            for (int i = 0; i < banks.size(); i++) {
                try (NDManager scope = manager.newSubManager()) {
                    banks.get(i).fill(images.encode(List.of(encoder.branch(i), heads.get(i)), scope));
                }
            }
        }
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> parts = Forward.colourParts(step.parameters(), step.views().get(0), encoder);
        List<NDArray> features = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            features.add(Unit.rows(Forward.through(step.parameters(), parts.get(i), heads.get(i))));
        }
        collapse.set(Collapse.onDevice(features.get(0).stopGradient()));
        long b = features.get(0).getShape().get(0);
        NDArray own = step.indices().toType(DataType.INT64, false).reshape(b, 1);
        NDArray noise = step.scope().randomInteger(0, context.datasetSize(), new Shape(b, negatives), DataType.INT64);
        NDArray idx = NDArrays.concat(new NDList(own, noise), 1).reshape(-1);
        List<NDArray> rows = new ArrayList<>(banks.size());
        for (MemoryBank bank : banks) {
            rows.add(bank.get(idx).reshape(b, negatives + 1, -1).stopGradient());
        }
        NDArray loss = null;
        for (int[] p : pairs) {
            NDArray both = direction(features, rows, p[0], p[1]).add(direction(features, rows, p[1], p[0]));
            loss = loss == null ? both : loss.add(both);
        }
        pending = features.stream().map(NDArray::stopGradient).toList();
        return loss;
    }

    /** View {@code from}'s features against view {@code to}'s bank. */
    private NDArray direction(List<NDArray> features, List<NDArray> rows, int from, int to) {
        NDArray f = features.get(from);
        if (context.params().flag("softmax")) {
            return BankContrast.softmax(f, rows.get(to), temperature);
        }
        NDArray out = BankContrast.scores(f, rows.get(to), temperature).exp();
        String key = direction(from, to);
        if (Double.isNaN(z.get(key))) {
            z.put(key, out.mean().getFloat() * (double) context.datasetSize());
        }
        return NceLoss.compute(Scalars.div(out, z.get(key)), context.datasetSize());
    }

    @Override
    public void afterUpdate(StepInput step) {
        NDArray idx = step.indices().toType(DataType.INT64, false);
        for (int i = 0; i < banks.size(); i++) {
            banks.get(i).update(idx, pending.get(i), context.params().get("bank_momentum"));
        }
        pending = null;
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse", collapse.get());
        if (!context.params().flag("softmax")) {
            out.putAll(z);
        }
        return out;
    }

    @Override
    public MethodState state() {
        List<MethodState> parts = new ArrayList<>();
        for (int i = 0; i < banks.size(); i++) {
            parts.add(MethodState.array("bank_" + encoder.groups().get(i).name(), banks.get(i).rows()));
        }
        for (String key : context.params().flag("softmax") ? List.<String>of() : List.copyOf(z.keySet())) {
            parts.add(MethodState.scalar(key, () -> z.get(key), value -> z.put(key, value)));
        }
        return MethodState.of(parts.toArray(new MethodState[0]));
    }
}
