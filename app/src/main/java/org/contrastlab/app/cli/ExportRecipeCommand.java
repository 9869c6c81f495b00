package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.contrastlab.core.export.SoloLearnExport;
import org.contrastlab.core.export.SoloLearnFiles;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab export-recipe --run RUN --to solo-learn --out DIR}: the run's method, settings,
 * optimizer, schedule and views as a solo-learn pre-training configuration, with the script that
 * launches it on N GPUs or nodes (Lightning's DDP). Every value solo-learn cannot express is
 * printed ({@code not carried: …}) and kept in {@code NOT-CARRIED.txt}; a method it does not have
 * is refused with the list of those it has. Last line: {@code not_carried=<count>}.
 */
@Command(name = "export-recipe", mixinStandardHelpOptions = true,
        description = "Write a run's recipe as a solo-learn pre-training configuration and its launch script; "
                + "prints not_carried=<count>.")
public final class ExportRecipeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--run", required = true, description = "the run folder whose configuration to export")
    Path run;
    @Option(names = "--to", defaultValue = "solo-learn", description = "the trainer: solo-learn (default: ${DEFAULT-VALUE})")
    String to;
    @Option(names = "--out", required = true, description = "the folder to write the configuration into")
    Path out;
    @Option(names = "--dataset", defaultValue = "imagenet", description = "solo-learn's dataset: cifar10, cifar100, stl10, imagenet, "
            + "imagenet100 or custom (an image folder) (default: ${DEFAULT-VALUE})")
    String dataset;
    @Option(names = "--train-path", description = "the training images where the target trains (default: ./datasets)")
    String trainPath;
    @Option(names = "--val-path", description = "the validation images (default: ./datasets)")
    String valPath;
    @Option(names = "--backbone", description = "solo-learn's backbone (resnet18, resnet50, vit_small, …; default: the run's, or the "
            + "nearest it has)")
    String backbone;
    @Option(names = "--epochs", defaultValue = "400", description = "epochs on the target (default: ${DEFAULT-VALUE}); the run's "
            + "warm-up and step-counted settings become the same share of them")
    int epochs;
    @Option(names = "--devices", defaultValue = "1", description = "GPUs per node (default: ${DEFAULT-VALUE})")
    int devices;
    @Option(names = "--nodes", defaultValue = "1", description = "nodes (default: ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--image-size", description = "the global crops' size on the target, the local ones in proportion (default: the "
            + "run's; 224 is ImageNet's)")
    Integer imageSize;

    @Override
    public Integer call() {
        if (!to.equals("solo-learn")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to + ": the trainer this exports to is solo-learn");
        }
        if (epochs < 1 || devices < 1 || nodes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs, --devices and --nodes must be at least 1");
        }
        TrainConfig config = RunDirectory.open(run).config();
        SoloLearnExport.Export e = SoloLearnExport.of(config, new SoloLearnExport.Options(dataset, trainPath, valPath, backbone, epochs,
                devices, nodes, imageSize));
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : SoloLearnFiles.write(e, out, devices, nodes)) {
            err.println("wrote " + f);
        }
        e.notCarried().forEach(line -> err.println("not carried: " + line));
        err.println("launch from a solo-learn checkout: " + out.resolve("launch.sh") + "  (" + SoloLearnFiles.command(e, out) + ")");
        spec.commandLine().getOut().println("not_carried=" + e.notCarried().size());
        return 0;
    }
}
