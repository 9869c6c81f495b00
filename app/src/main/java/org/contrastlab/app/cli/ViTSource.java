package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.contrastlab.core.viewer.AttentionModel;
import org.contrastlab.core.viewer.ViTModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the attention commands take their ViT from: a run (its latest checkpoint, or its
 * random initialisation) or a weights file in timm's / DINO's names: safetensors, or a
 * PyTorch checkpoint (DINO's, MoCo v3's releases; read as weights only, never as code).
 */
public final class ViTSource {
    @ArgGroup(multiplicity = "1", heading = "%nThe ViT, from one of:%n")
    Origin origin;
    @Option(names = "--random-init", description = "the run's ViT at its random initialisation (the baseline)")
    boolean randomInit;
    @Option(names = "--heads", description = "attention heads of a --weights file that does not say (default: width / 64)")
    Integer heads;
    @Option(names = "--encoder", description = "which encoder of a run or a --weights checkpoint that holds several: a word of "
            + "its name, e.g. student, teacher, momentum_encoder (default: DINO's teacher, MoCo's query encoder)")
    String encoder;

    static final class Origin {
        @Option(names = "--run", description = "a run folder written by `contrastlab train` with a ViT backbone")
        Path run;
        @Option(names = "--weights", description = "a ViT in timm's or DINO's names: .safetensors, or a PyTorch checkpoint "
                + "(.pth, .pth.tar, .ckpt; DINO's, DINOv2's and MoCo v3's releases)")
        Path weights;
    }

    /** The ViT, or where a run holds one, a Swin Transformer. */
    AttentionModel loadAny(NDManager manager) {
        return AttentionModel.open(origin.weights != null ? origin.weights : origin.run, randomInit, heads, encoder, manager);
    }

    ViTModel load(NDManager manager) {
        return ViTModel.open(origin.weights != null ? origin.weights : origin.run, randomInit, heads, encoder, manager);
    }
}
