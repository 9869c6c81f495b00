package org.contrastlab.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.SslMethod;
import org.contrastlab.core.model.BackboneSpec;

/**
 * The networks of a run built from its configuration, initialised on a manager; names them
 * for checkpoints ("backbone", then "net1", "net2", … for the method's other blocks).
 */
public record TrainingModel(SslMethod method, Map<String, Block> networks) {

    public static TrainingModel create(TrainConfig config, NDManager manager) {
        BackboneSpec spec = BackboneSpec.byId(config.backbone());
        SslMethod method = MethodSpec.byId(config.method()).create(spec.newBlock(), spec.featureDim(), config.methodOptions());
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
        return new TrainingModel(method, networks);
    }

    /** A trained backbone read from a run's latest checkpoint, with the normalisation it was trained with. */
    public record Loaded(Block backbone, Normalization normalization, int imageSize, int step) {
    }

    /** Builds the run's backbone and loads its latest checkpoint; random init when {@code randomInit}. */
    @SuppressWarnings("unchecked")
    public static Loaded load(RunDirectory run, NDManager manager, boolean randomInit) {
        TrainConfig config = run.config();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) config.seed());
        TrainingModel model = create(config, manager);
        Path checkpoint = run.latestCheckpoint().orElseThrow(() ->
                new IllegalArgumentException(run.root() + ": the run has no checkpoint yet"));
        Map<String, Object> state = RunDirectory.readState(checkpoint);
        Normalization normalization = new Normalization(floats((List<Number>) state.get("normalization_mean")),
                floats((List<Number>) state.get("normalization_std")));
        if (!randomInit) {
            RunDirectory.loadNetwork(checkpoint, "backbone", model.method().backbone(), manager);
        }
        return new Loaded(model.method().backbone(), normalization, config.imageSize(),
                randomInit ? 0 : ((Number) state.get("step")).intValue());
    }

    private static float[] floats(List<Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
