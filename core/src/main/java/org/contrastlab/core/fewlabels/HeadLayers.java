package org.contrastlab.core.fewlabels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainingModel;

/**
 * SimCLR v2's network to fine-tune: the run's encoder followed by the first hidden layers of its
 * projection head. Chen et al. 2020 ("Big Self-Supervised Models are Strong Semi-Supervised
 * Learners", section 2.1) fine-tune "from the first layer of the projection head" of three,
 * which does better with few labels than fine-tuning the encoder alone; SimCLR v1 dropped the
 * whole head. A hidden layer is the head's Linear → BatchNorm → ReLU; the projection (the head's
 * last Linear) is never kept.
 */
public final class HeadLayers {
    /** The name the run's checkpoint gives the method's first block after the encoder: its projection head. */
    private static final String HEAD = "net1";

    private HeadLayers() {
    }

    /** SimCLR v2's choice for a run: one layer when its head has three layers (SimCLR's {@code head_layers=3}), else none. */
    public static int defaultFor(TrainConfig config) {
        Map<String, Double> params = config.resolvedParams().values();
        Double layers = params.get("head_layers");
        return layers != null && layers >= 3 ? 1 : 0;
    }

    /**
     * The run's encoder and the first {@code layers} hidden layers of its projection head, from its
     * latest checkpoint (both at their random initialisation when {@code randomInit}: the same
     * network, the supervised-only baseline). Refused when the run's method has no MLP head with
     * that many hidden layers.
     */
    public static TrainingModel.Loaded load(RunDirectory run, NDManager manager, boolean randomInit, int layers) {
        TrainConfig config = run.config();
        Path checkpoint = run.requireCheckpoint("yet");
        TrainingModel.Loaded encoder = TrainingModel.load(run, manager, randomInit, "backbone");
        Engine.getInstance().setRandomSeed((int) config.seed());
        TrainingModel model = TrainingModel.create(config, manager, config.batchSize(), encoder.normalization());
        Block head = model.networks().get(HEAD);
        List<Block> kept = hiddenLayers(head, layers, run.root(), config.method());
        if (!randomInit) {
            RunDirectory.loadNetwork(checkpoint, HEAD, head, manager);
        }
        SequentialBlock net = new SequentialBlock().add(encoder.backbone());
        kept.forEach(net::add);
        return new TrainingModel.Loaded(net, encoder.normalization(), encoder.imageSize(), encoder.step(),
                "backbone + " + layers + " head layer" + (layers == 1 ? "" : "s"), encoder.notices());
    }

    /** What the network is, for messages and the results file: {@code trained+head1}. */
    public static String label(String encoder, int layers) {
        return layers == 0 ? encoder : encoder + "+head" + layers;
    }

    private static List<Block> hiddenLayers(Block head, int layers, Path run, String method) {
        List<Block> children = head instanceof SequentialBlock s ? s.getChildren().values() : List.of();
        List<Block> out = new ArrayList<>();
        int found = 0;
        for (int i = 0; i + 2 < children.size() && found < layers; i += 3) {
            Block linear = children.get(i);
            Block norm = children.get(i + 1);
            Block relu = children.get(i + 2);
            if (!(linear instanceof Linear) || !(norm instanceof BatchNorm) || !(relu instanceof LambdaBlock)) {
                break;
            }
            out.add(linear);
            out.add(norm);
            out.add(relu);
            found++;
        }
        if (found < layers) {
            throw new IllegalArgumentException(run + ": its method " + method + " has " + found + " hidden layer" + (found == 1 ? "" : "s")
                    + " of Linear → BatchNorm → ReLU in its projection head, not " + layers + " to fine-tune from (--head-layers 0 "
                    + "fine-tunes the encoder alone)");
        }
        return out;
    }
}
