package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.core.embed.ProjectorExport;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.train.TrainingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contrastlab embed}: a dataset split's embeddings by a run's backbone, as .npy or safetensors with a labels file. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write the embeddings of a dataset by a run's backbone (.npy or .safetensors, and <name>.labels.tsv); prints "
                + "embedded=<rows>x<dims>.")
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    BackboneSource source;
    @Option(names = "--data", required = true, description = "the images to embed")
    String data;
    @Option(names = "--out", required = true, description = "the file to write: .npy or .safetensors")
    Path out;
    @Option(names = "--split", defaultValue = "test", description = "train, test or all (default: ${DEFAULT-VALUE})")
    String split;
    @Option(names = "--projector", description = "also write TensorBoard's projector files (tensors, metadata, sprite, config) into this "
            + "folder")
    Path projector;

    @Override
    public Integer call() {
        String name = out.getFileName().toString();
        if (!name.endsWith(".npy") && !name.endsWith(".safetensors")) {
            throw new IllegalArgumentException("--out " + out + ": write embeddings as .npy or .safetensors");
        }
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(source.storageSize(), 0.1, source.seed())),
                spec.commandLine().getErr());
        ImageStore images = switch (split) {
            case "train" -> splits.train();
            case "test" -> splits.test() != null ? splits.test() : splits.train();
            case "all" -> splits.test() == null ? splits.train() : ImageStore.concatLabelled(List.of(splits.train(), splits.test()));
            default -> throw new IllegalArgumentException("--split must be train, test or all, got " + split);
        };
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.parse(common.device).device())) {
            TrainingModel.Loaded model = source.load(manager);
            if (source.description() != null) {
                spec.commandLine().getErr().println(source.description());
            }
            Embeddings e = Embeddings.of(model, images, manager);
            e.write(out);
            if (projector != null) {
                ProjectorExport.write(e, images, projector);
                spec.commandLine().getErr().println("TensorBoard projector files in " + projector
                        + " (tensorboard --logdir " + projector + ", or load tensors.tsv and metadata.tsv at projector.tensorflow.org)");
            }
            spec.commandLine().getErr().printf(Locale.ROOT, "%s %s (%s, step %d) → %s and %s%n", split, data,
                    source.state(), model.step(), out, Embeddings.labelsFile(out));
            spec.commandLine().getOut().printf(Locale.ROOT, "embedded=%dx%d%n", e.n(), e.d());
        }
        return 0;
    }
}
