package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.contrastlab.core.augment.ColourDrop;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.GridPredictionLoss;
import org.contrastlab.core.model.CausalContext;
import org.contrastlab.core.model.PatchGrid;
import org.contrastlab.core.ssl.Collapse;

/**
 * CPC v2, Contrastive Predictive Coding (van den Oord et al. 2018; Hénaff et al. 2020; the
 * third-party reference lightning-bolts {@code cpc_module.py}, {@code CPCTask}): the image cut
 * into an overlapping grid of patches, each encoded on its own ({@link PatchGrid}); a context
 * network that sees only the rows above ({@link CausalContext}); from the context at each
 * position, one linear map per offset k predicts the target of the patch k rows below, and
 * InfoNCE takes every other patch of the batch as a negative ({@link GridPredictionLoss}),
 * summed over the offsets. Targets are a 1 × 1 convolution of the patch features (width 64)
 * and predictions are scaled by 0.1, as bolts. The encoder evaluated is the patch encoder,
 * its features averaged over the grid. With {@code colour_drop} each patch keeps one colour
 * channel before it is encoded ({@link ColourDrop}), CPC v2's patch-based augmentation.
 */
public final class Cpc implements SslMethod {
    /**
     * CPC v2's registration. Preset: one view (bolts' CIFAR-10 CPC transforms: flip, a small
     * translation, colour jitter, grey 0.25), a 7 × 7 grid, 3 offsets, Adam(W) at 2e-4; on {@code
     * sample:shapes} 800 × 64 at 2e-3 with each patch's colour dropped.
     */
    public static final MethodSpec SPEC = new MethodSpec("cpc-v2",
            "predict the patches below from the context of the rows above, each patch against every other patch of the batch",
            "van den Oord et al. 2018, arXiv:1807.03748; Hénaff et al. 2020, arXiv:1905.09272; Lightning-Universe/lightning-bolts",
            1, 1,
            List.of(ParamSpec.count("grid", 7, 2, 16, "patches per side; each patch is 2/(grid + 1) of the image, overlapping half "
                            + "(7: 8 px patches every 4 px on 32 px)"),
                    ParamSpec.count("offsets", 3, 1, 15, "rows below predicted, one linear map each"),
                    ParamSpec.count("target_dim", 64, 1, 4096, "width of the targets and predictions (bolts: 64)"),
                    new ParamSpec("embed_scale", 0.1, 1e-4, 10, "predictions multiplied by this before the dot products (bolts: 0.1)"),
                    ParamSpec.count("context_layers", 3, 1, 8, "layers of the context network; row i sees rows i − L … i"),
                    new ParamSpec("colour_drop", 0, 0, 1, "chance that a patch keeps one colour channel, drawn per patch, the others "
                            + "dropped to faint noise (CPC v2's patch-based augmentation, after Doersch et al. 2015)")),
            // On sample:shapes every patch of an image shares its colour, and matching patches by colour was CPC's way to
            // win there (+0.1 after 400 × 64); with the colour dropped per patch +2.4, and +6.3 after 800 × 64
            // (docs/benchmarks.md, session 16). On CIFAR the same drop cost a point at 200 × 128 (+1.2 against +2.3),
            // so it is the shapes preset only.
            MethodPreset.views("cpc").optimizer("adamw").learningRate(2e-4).weightDecay(1e-5, -1)
                    .onShapes("cpc", 800, 64, Map.of("colour_drop", 1.0), 2e-3),
            MethodCheck.onConfig((params, shape, problems) -> {
                if (shape.vit()) {
                    problems.add("--method cpc-v2 encodes each patch of a grid with a convolutional backbone; --backbone "
                            + shape.backbone() + " is a ViT, whose patches are its own: take convnet-small, convnet-tiny or a ResNet");
                }
                if (params.count("offsets") >= params.count("grid")) {
                    problems.add("--param offsets=" + params.count("offsets") + " must be below the grid's " + params.count("grid")
                            + " rows: the context of the top row predicts at most grid − 1 rows below");
                }
            }),
            (nb, c) -> new Cpc((PatchGrid) nb.get(), c),
            new EncoderShape() {
                @Override
                public Block build(Supplier<Block> newBackbone, MethodParams params, Normalization input) {
                    return new PatchGrid(newBackbone.get(), params.count("grid"));
                }
            });

    private final PatchGrid grid;
    private final Block context;
    private final Block targets;
    private final List<Block> predictions = new ArrayList<>();
    private final MethodContext method;
    private final float embedScale;
    private final double colourDrop;
    private final DeviceValue collapse = new DeviceValue();
    private final List<DeviceValue> accuracy = new ArrayList<>();

    public Cpc(PatchGrid grid, MethodContext method) {
        this.grid = grid;
        this.method = method;
        MethodParams p = method.params();
        this.embedScale = (float) p.get("embed_scale");
        this.colourDrop = p.get("colour_drop");
        this.context = new CausalContext(method.featureDim(), p.count("context_layers"));
        this.targets = conv1x1(p.count("target_dim"));
        for (int k = 1; k <= p.count("offsets"); k++) {
            predictions.add(conv1x1(p.count("target_dim")));
            accuracy.add(new DeviceValue());
        }
    }

    private static Block conv1x1(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
    }

    @Override
    public Block backbone() {
        return grid;
    }

    @Override
    public List<Block> trainableBlocks() {
        List<Block> all = new ArrayList<>(List.of(grid, context, targets));
        all.addAll(predictions);
        return all;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        grid.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        int n = grid.grid();
        Shape features = new Shape(2, method.featureDim(), n, n);
        context.initialize(manager, DataType.FLOAT32, features);
        targets.initialize(manager, DataType.FLOAT32, features);
        for (Block p : predictions) {
            p.initialize(manager, DataType.FLOAT32, features);
        }
    }

    @Override
    public NDArray loss(StepInput step) {
        UnaryOperator<NDArray> onPatches = colourDrop > 0 ? x -> ColourDrop.apply(x, colourDrop, step.scope()) : UnaryOperator.identity();
        NDArray z = Forward.patchGrid(step.parameters(), step.views().get(0), grid, onPatches);
        collapse.set(Collapse.onDevice(z.mean(new int[] {3}).mean(new int[] {2}).stopGradient()));
        NDArray c = Forward.through(step.parameters(), z, context);
        NDArray t = Forward.through(step.parameters(), z, targets);
        int rows = grid.grid();
        NDArray loss = null;
        for (int k = 1; k <= predictions.size(); k++) {
            NDArray above = c.get(":, :, 0:" + (rows - k) + ", :");
            NDArray p = Scalars.mul(Forward.through(step.parameters(), above, predictions.get(k - 1)), embedScale);
            GridPredictionLoss.Result r = GridPredictionLoss.compute(p, t, k);
            accuracy.get(k - 1).set(r.accuracy());
            loss = loss == null ? r.loss() : loss.add(r.loss());
        }
        return loss;
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse", collapse.get());
        for (int k = 1; k <= accuracy.size(); k++) {
            out.put("prediction_accuracy_" + k, accuracy.get(k - 1).get());
        }
        return out;
    }
}
