package org.contrastlab.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.train.ImportedRun;
import org.contrastlab.core.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab import-run --checkpoint FILE --recipe RUN --out RUN_DIR}: a distributed
 * trainer's checkpoint (solo-learn's Lightning {@code .ckpt}; read without running any of its
 * code) as a run of the laptop recipe it was exported from, so that its attention, embeddings and
 * kNN sit beside the laptop runs. Prints {@code imported=<run folder>}.
 */
@Command(name = "import-run", mixinStandardHelpOptions = true,
        description = "Make a run from another trainer's checkpoint (solo-learn's .ckpt) and the recipe it was exported from; "
                + "prints imported=<run>.")
public final class ImportRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--checkpoint", required = true, description = "the trainer's checkpoint (.ckpt, .pth, .pth.tar, .safetensors)")
    Path checkpoint;
    @Option(names = "--recipe", required = true, description = "the run whose recipe was exported (its config.json goes with the weights)")
    Path recipe;
    @Option(names = "--out", required = true, description = "the run folder to make (under the cache folder's runs/ to see it in the "
            + "Runs tab)")
    Path out;
    @Option(names = "--backbone", description = "our backbone the checkpoint's network is (default: found: the recipe's, resnet18-cifar, "
            + "resnet18, resnet50, vit-tiny, vit-small, vit-base, vit-micro)")
    String backbone;
    @Option(names = "--encoder", description = "which encoder of the checkpoint (default: the online one, not the momentum copy)")
    String encoder;
    @Option(names = "--normalization", defaultValue = "imagenet", description = "how the trainer normalised its images: imagenet or "
            + "cifar10 (solo-learn: cifar10 for CIFAR, imagenet otherwise; default: ${DEFAULT-VALUE})")
    String normalization;

    @Override
    public Integer call() {
        ImportedRun.Imported r = ImportedRun.create(RunDirectory.open(recipe).config(), checkpoint, encoder, backbone,
                Normalization.named(normalization, null), out);
        spec.commandLine().getErr().println("made " + r.run() + ": " + r.backbone() + " at step " + r.step() + " (" + r.what() + ")");
        spec.commandLine().getOut().println("imported=" + r.run());
        return 0;
    }
}
