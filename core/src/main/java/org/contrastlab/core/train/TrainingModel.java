package org.contrastlab.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.method.MethodContext;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.SslMethod;
import org.contrastlab.core.model.BackboneSpec;

/**
 * The networks of a run built from its configuration, initialised on a manager; names them
 * for checkpoints ("backbone", then "net1", "net2", … for the method's other trained blocks,
 * then the method's teachers under their own names).
 */
public record TrainingModel(SslMethod method, Map<String, Block> networks) {

    /** @param trainSize the training split's size (memory banks); the run's length in steps follows from it */
    public static TrainingModel create(TrainConfig config, NDManager manager, int trainSize) {
        BackboneSpec spec = BackboneSpec.byId(config.backbone());
        ViewRecipe recipe = config.viewRecipe();
        MethodContext context = new MethodContext(spec.featureDim(), recipe.viewCount(), recipe.globalViewCount(), trainSize,
                config.totalSteps(trainSize), config.batchSize(), config.methodOptions(), config.resolvedParams());
        SslMethod method;
        try {
            method = MethodSpec.byId(config.method()).create(spec::newBlock, context);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(e.getMessage()));
        }
        method.initialize(manager, config.imageSize());
        Map<String, Block> networks = new LinkedHashMap<>();
        networks.put("backbone", method.backbone());
        List<Block> blocks = method.trainableBlocks();
        int k = 1;
        for (Block b : blocks) {
            if (b != method.backbone()) {
                networks.put("net" + k++, b);
            }
        }
        networks.putAll(new java.util.TreeMap<>(method.teachers()));
        return new TrainingModel(method, networks);
    }

    /** A trained backbone read from a run's latest checkpoint, with the normalisation it was trained with. */
    public record Loaded(Block backbone, Normalization normalization, int imageSize, int step) {
    }

    /**
     * Builds the run's backbone (only the backbone: evaluation needs nothing else) and loads it
     * from the latest checkpoint; random initialisation when {@code randomInit}.
     */
    @SuppressWarnings("unchecked")
    public static Loaded load(RunDirectory run, NDManager manager, boolean randomInit) {
        TrainConfig config = run.config();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) config.seed());
        Block backbone = BackboneSpec.byId(config.backbone()).newBlock();
        backbone.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                new ai.djl.ndarray.types.Shape(2, 3, config.imageSize(), config.imageSize()));
        Path checkpoint = run.latestCheckpoint().orElseThrow(() ->
                new IllegalArgumentException(run.root() + ": the run has no checkpoint yet"));
        Map<String, Object> state = RunDirectory.readState(checkpoint);
        Normalization normalization = new Normalization(floats((List<Number>) state.get("normalization_mean")),
                floats((List<Number>) state.get("normalization_std")));
        if (!randomInit) {
            RunDirectory.loadNetwork(checkpoint, "backbone", backbone, manager);
        }
        return new Loaded(backbone, normalization, config.imageSize(),
                randomInit ? 0 : ((Number) state.get("step")).intValue());
    }

    /** A backbone at its random initialisation (seed 42) with the normalisation of {@code images}, with no run. */
    public static Loaded random(String backboneId, org.contrastlab.core.data.ImageStore images, int imageSize, NDManager manager) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(42);
        Block backbone = BackboneSpec.byId(backboneId).newBlock();
        backbone.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 3, imageSize, imageSize));
        return new Loaded(backbone, Normalization.of(images), imageSize, 0);
    }

    private static float[] floats(List<Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
