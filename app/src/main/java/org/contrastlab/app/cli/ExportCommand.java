package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.viewer.ViTModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contrastlab export}: a run's ViT backbone as safetensors under timm's names, for timm, DINO's code or another ContrastLab. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's ViT backbone as safetensors with timm's parameter names; prints exported=<file>.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ViTSource source;
    @Option(names = "--out", required = true, description = "the .safetensors file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ViTModel model = source.load(manager);
            // the run's normalisation goes with the weights, so that opening them feeds what it trained on
            TimmWeights.export(model.vit(), !model.vit().positionTable().requiresGradient(),
                    Map.of(TimmWeights.NORMALIZATION, model.normalization().format()), out);
            spec.commandLine().getErr().println(model.description() + " → " + out + " (load in timm with "
                    + "timm.models.vision_transformer." + TimmWeights.timmCall(model.vit()) + ")");
            spec.commandLine().getOut().println("exported=" + out);
        }
        return 0;
    }
}
