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
 * summed over the offsets. With {@code directions} 2 or 4 the same targets are predicted from
 * below and from either side too, each direction with a context network of its own (CPC v2's
 * "predicting lengths and directions"). Targets are a 1 × 1 convolution of the patch features (width 64)
 * and predictions are scaled by 0.1, as bolts. The encoder evaluated is the patch encoder,
 * its features averaged over the grid. With {@code colour_drop} each patch keeps one colour
 * channel before it is encoded ({@link ColourDrop}), CPC v2's patch-based augmentation.
 */
public final class Cpc implements SslMethod {
    /**
     * CPC v2's registration. Preset: one view (bolts' CIFAR-10 CPC transforms: flip, a small
     * translation, colour jitter, grey 0.25), a 3 × 3 grid of 16 px patches on 32 px (CPC v2's
     * larger patches; bolts cuts 7 × 7 of 8 px), 2 offsets, Adam(W) at 2e-3, 200 × 128 in {@code
     * bench methods}; on {@code sample:shapes} 400 × 64 with each patch's colour dropped.
     */
    public static final MethodSpec SPEC = new MethodSpec("cpc-v2",
            "predict the patches below from the context of the rows above, each patch against every other patch of the batch",
            "van den Oord et al. 2018, arXiv:1807.03748; Hénaff et al. 2020, arXiv:1905.09272; Lightning-Universe/lightning-bolts",
            1, 1,
            List.of(ParamSpec.count("grid", 3, 2, 16, "patches per side; each patch is 2/(grid + 1) of the image, overlapping half "
                            + "(3: 16 px patches every 8 px on 32 px, CPC v2's larger patches; bolts' CIFAR-10: 7, 8 px every 4 px)")
                            .changedFrom(7),
                    ParamSpec.count("offsets", 2, 1, 15, "rows below predicted, one linear map each (bolts: 3, on its 7 × 7 grid)")
                            .changedFrom(3),
                    ParamSpec.count("first_offset", 1, 1, 15, "the nearest row predicted: 1 (bolts) predicts the patch that "
                            + "overlaps the context's last row by half; 3 (the CPC v2 code of Berkeley's deepul, steps_to_ignore=2) "
                            + "skips it and the adjacent one"),
                    ParamSpec.count("target_dim", 64, 1, 4096, "width of the targets and predictions (bolts: 64)"),
                    new ParamSpec("embed_scale", 0.1, 1e-4, 10, "predictions multiplied by this before the dot products (bolts: 0.1)"),
                    ParamSpec.count("context_layers", 3, 1, 8, "layers of the context network; row i sees rows i − L … i"),
                    new ParamSpec("colour_drop", 0, 0, 1, "chance that a patch keeps one colour channel, drawn per patch, the others "
                            + "dropped to faint noise (CPC v2's patch-based augmentation, after Doersch et al. 2015)"),
                    ParamSpec.count("directions", 1, 1, 4, "1: top-down only (v1, bolts); 2: also bottom-up; 4: also left-right and "
                            + "right-left (CPC v2), each with its own context network and prediction maps")),
            // bolts' 7 × 7 grid of 8 px patches learned little in these budgets: +2.3 on CIFAR after 200 × 128 at 2e-3, +2.5
            // after 400 × 128 (33 min); the 3 × 3 grid of 16 px patches +5.4 after 200 × 128 (6 min), and on sample:shapes
            // +21.7 after 400 × 64 with the colour dropped (the 7 × 7 grid: +6.3 after 800 × 64), docs/benchmarks.md,
            // session 17. On sample:shapes every patch of an image shares its colour, and matching patches by colour is
            // CPC's shortcut there (session 16), hence the drop in that preset.
            MethodPreset.views("cpc").optimizer("adamw").learningRate(2e-3).weightDecay(1e-5, -1).bench(200, 128)
                    .onShapes("cpc", 400, 64).shapesParams(Map.of("colour_drop", 1.0)),
            MethodCheck.onConfig((params, shape, problems) -> {
                if (shape.vit()) {
                    problems.add("--method cpc-v2 encodes each patch of a grid with a convolutional backbone; --backbone "
                            + shape.backbone() + " is a ViT, whose patches are its own: take convnet-small, convnet-tiny or a ResNet");
                }
                if (params.count("directions") == 3) {
                    problems.add("--param directions=3: take 1 (top-down), 2 (and bottom-up) or 4 (and both horizontal ones)");
                }
                int farthest = farthestRow(params);
                if (farthest >= params.count("grid")) {
                    problems.add("--param offsets=" + params.count("offsets") + " from first_offset=" + params.count("first_offset")
                            + " reaches " + farthest + " rows below, which must be below the grid's " + params.count("grid")
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

    /** How many rows below its context the farthest predicted patch lies: first_offset + offsets − 1. */
    public static int farthestRow(MethodParams params) {
        return params.count("first_offset") + params.count("offsets") - 1;
    }

    private final PatchGrid grid;
    private final Block targets;
    private final List<Direction> directions = new ArrayList<>();
    private final MethodContext method;
    private final float embedScale;
    private final double colourDrop;
    private final DeviceValue collapse = new DeviceValue();
    private final List<DeviceValue> accuracy = new ArrayList<>();
    private final int firstOffset;

    public Cpc(PatchGrid grid, MethodContext method) {
        this.grid = grid;
        this.method = method;
        MethodParams p = method.params();
        this.embedScale = (float) p.get("embed_scale");
        this.colourDrop = p.get("colour_drop");
        this.targets = conv1x1(p.count("target_dim"));
        this.firstOffset = p.count("first_offset");
        for (int d = 0; d < p.count("directions"); d++) {
            List<Block> maps = new ArrayList<>();
            for (int k = 1; k <= p.count("offsets"); k++) {
                maps.add(conv1x1(p.count("target_dim")));
            }
            directions.add(new Direction(d, new CausalContext(method.featureDim(), p.count("context_layers")), maps));
        }
        for (int k = 1; k <= p.count("offsets"); k++) {
            accuracy.add(new DeviceValue());
        }
    }

    /**
     * One direction of prediction: its grids are the patch grids turned so that it runs top to
     * bottom (0: as they are; 1: upside down; 2: transposed; 3: transposed and upside down),
     * a context network and one prediction map per offset of its own.
     */
    private record Direction(int turn, Block context, List<Block> predictions) {
        NDArray turned(NDArray grid) {
            NDArray g = turn >= 2 ? grid.transpose(0, 1, 3, 2) : grid;
            return turn % 2 == 1 ? g.flip(2) : g;
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
        // the first direction's blocks keep their place of before directions existed, so older checkpoints still load
        List<Block> all = new ArrayList<>(List.of(grid, directions.get(0).context(), targets));
        all.addAll(directions.get(0).predictions());
        for (Direction d : directions.subList(1, directions.size())) {
            all.add(d.context());
            all.addAll(d.predictions());
        }
        return all;
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        grid.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        int n = grid.grid();
        Shape features = new Shape(2, method.featureDim(), n, n);
        targets.initialize(manager, DataType.FLOAT32, features);
        for (Direction d : directions) {
            d.context().initialize(manager, DataType.FLOAT32, features);
            for (Block p : d.predictions()) {
                p.initialize(manager, DataType.FLOAT32, features);
            }
        }
    }

    @Override
    public NDArray loss(StepInput step) {
        UnaryOperator<NDArray> onPatches = colourDrop > 0 ? x -> ColourDrop.apply(x, colourDrop, step.scope()) : UnaryOperator.identity();
        NDArray z = Forward.patchGrid(step.parameters(), step.views().get(0), grid, onPatches);
        collapse.set(Collapse.onDevice(z.mean(new int[] {3}).mean(new int[] {2}).stopGradient()));
        NDArray t = Forward.through(step.parameters(), z, targets);
        int rows = grid.grid();
        NDArray loss = null;
        NDArray[] correct = new NDArray[accuracy.size()];
        for (Direction d : directions) {
            NDArray c = Forward.through(step.parameters(), d.turned(z), d.context());
            NDArray turnedTargets = d.turned(t);
            for (int i = 0; i < accuracy.size(); i++) {
                int k = firstOffset + i;
                NDArray above = c.get(":, :, 0:" + (rows - k) + ", :");
                NDArray p = Scalars.mul(Forward.through(step.parameters(), above, d.predictions().get(i)), embedScale);
                GridPredictionLoss.Result r = GridPredictionLoss.compute(p, turnedTargets, k);
                correct[i] = correct[i] == null ? r.accuracy() : correct[i].add(r.accuracy());
                loss = loss == null ? r.loss() : loss.add(r.loss());
            }
        }
        for (int i = 0; i < accuracy.size(); i++) {
            accuracy.get(i).set(Scalars.div(correct[i], directions.size()));
        }
        return loss;
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse", collapse.get());
        for (int i = 0; i < accuracy.size(); i++) {
            out.put("prediction_accuracy_" + (firstOffset + i), accuracy.get(i).get());
        }
        return out;
    }
}
