package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.train.BackboneInit;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.Precision;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.RunPack;
import org.contrastlab.core.train.StepMemory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainConfigBuilder;
import org.contrastlab.core.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contrastlab train}: trains a method and prints {@code knn_top1=<fraction>} as its last line. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a self-supervised model; prints knn_top1=<fraction> as the last line.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--data", description = "a folder, a CIFAR/MNIST folder, a CIFAR .bin file, or sample:shapes (required unless "
            + "--resume)")
    String data;
    @Option(names = "--method", defaultValue = "simclr", description = "method id (see `contrastlab methods`; default: ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--backbone", description = "backbone id (default: the method's, convnet-small for most; swin-micro for moby)")
    String backbone;
    @Option(names = "--epochs", description = "passes over the training split (instead of --steps)")
    Integer epochs;
    @Option(names = "--steps", description = "optimizer steps (default: 200 when --epochs is not given; 1000 for SimCLR on sample:shapes)")
    Integer steps;
    @Option(names = "--batch-size", description = "images per step (default: 256; 64 for SimCLR on sample:shapes)")
    Integer batchSize;
    @Option(names = "--image-size", description = "view size in px: the global views' size, the local views' in proportion (default: 32)")
    Integer imageSize;
    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--lr", description = "peak learning rate after warm-up (default: the method's small preset, 0.3 for SimCLR)")
    Double lr;
    @Option(names = "--temperature", description = "the loss's temperature (default: the method's small preset, 0.2 for SimCLR)")
    Float temperature;
    @Option(names = "--color-strength", description = "colour jitter strength s of SimCLR's CIFAR views: (0.8s, 0.8s, 0.8s, 0.2s) "
            + "(default: 0.5; "
            + "on sample:shapes SimCLR takes the simclr-shapes views unless this is given)")
    Double colorStrength;
    @Option(names = "--recipe", description = "the views: a preset name (see `contrastlab recipes`) or a .yaml/.json file; "
            + "default: the method's own; for SimCLR its CIFAR views at --image-size with --color-strength, "
            + "simclr-shapes on sample:shapes")
    String recipe;
    @Option(names = "--optimizer", description = "sgd, nesterov, lars or adamw (default: sgd with momentum 0.9)")
    String optimizer;
    @Option(names = "--weight-decay", description = "weight decay of weight matrices and kernels (default: 5e-4)")
    Double weightDecay;
    @Option(names = "--weight-decay-end", description = "end of a cosine weight-decay schedule (default: constant)")
    Double weightDecayEnd;
    @Option(names = "--grad-clip", description = "clip the global gradient norm to this (default: no clipping)")
    Double gradClip;

    @Option(names = "--precision", description = "fp32, or fp16: the networks compute in float16, weights, gradients and "
            + "loss stay float32 (for a GPU; slow on most CPUs) (default: fp32)")
    String precision;
    @Option(names = "--init-from", description = "start the backbone (and its EMA copies) from a weights file instead of random "
            + "weights: a ViT in timm's / DINO's names or a torchvision ResNet-18, in safetensors or a PyTorch checkpoint")
    Path initFrom;
    @Option(names = "--init-encoder", description = "which encoder of an --init-from checkpoint that holds several (default: the published "
            + "one)")
    String initEncoder;
    @Option(names = "--param", description = "a method setting, NAME=VALUE (repeatable; `contrastlab methods` lists them)")
    Map<String, Double> params;
    @Option(names = "--eval-every", defaultValue = "0", description = "evaluate kNN every N steps (0: only at the end)")
    int evalEvery;
    @Option(names = "--checkpoint-every", defaultValue = "100", description = "write a checkpoint every N steps (default: "
            + "${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--out", description = "the run folder to create (required unless --resume)")
    Path out;
    @Option(names = "--resume", description = "continue the run in this folder from its latest checkpoint, with its own configuration")
    Path resume;
    @Option(names = "--overwrite", description = "replace a run already in --out")
    boolean overwrite;
    @Option(names = "--sync-every", description = "read the losses back every N steps, all at once (default: 1 on the CPU, "
            + Trainer.GPU_SYNC_EVERY + " on a GPU, which then runs ahead of the host)")
    Integer syncEvery;
    @Option(names = "--trace", description = "also write every step's views and networks as safetensors into this folder, "
            + "to replay the run in another implementation (about 12 MB a step: for a few steps)")
    Path trace;

    private int syncEvery(DeviceChoice device) {
        int n = syncEvery != null ? syncEvery : Trainer.defaultSyncEvery(device.device());
        if (n < 1) {
            throw new IllegalArgumentException("--sync-every must be at least 1, got " + n);
        }
        return n;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (resume != null) {
            return resume(err, stdout);
        }
        if (data == null || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data and --out are required (or --resume RUN_DIR)");
        }
        TrainConfig config = config();
        DeviceChoice device = DeviceChoice.parse(common.device);
        DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, seed)), err);
        config.checkAgainst(splits.train(), splits.name());
        StepMemory.check(config, StepMemory.machineBytes());
        BackboneInit.check(config); // a bad --init-from is refused before the run folder exists
        int sync = syncEvery(device);
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("--out is empty: name the run folder to write");
        }
        RunDirectory run = RunDirectory.create(out, config, overwrite);
        err.printf(Locale.ROOT, "training %s on %s (%d train, %d test images) with %s on %s [%s]%n",
                config.method(), splits.name(), splits.train().size(), splits.test() == null ? 0 : splits.test().size(),
                config.backbone(), device.device(), device.reason());
        warnIfSlow(err, config, device);
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        Trainer trainer = new Trainer(config, splits, run, progress, device.device()).syncEvery(sync);
        if (trace != null) {
            trainer.trace(new TraceWriter(trace));
        }
        Trainer.Result result = trainer.run(() -> false);
        progress.finish();
        err.printf(Locale.ROOT, "run written to %s (%d steps, %.1f s)%n", out, result.steps(), result.seconds());
        stdout.println(result.knnTop1() == null ? "knn_top1=nan"
                : String.format(Locale.ROOT, "knn_top1=%.4f", result.knnTop1()));
        return 0;
    }

    /** float16 on the CPU trains, but slowly: say so before the run starts. */
    private static void warnIfSlow(PrintWriter err, TrainConfig config, DeviceChoice device) {
        if (config.precision() == Precision.FP16 && !device.device().isGpu()) {
            err.println("note: --precision fp16 on the CPU is about 11 times slower than fp32 (most CPUs emulate float16); "
                    + "it is meant for a GPU");
        }
    }

    private int resume(PrintWriter err, PrintWriter stdout) {
        if (data != null || out != null || recipe != null || params != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--resume continues a run with its own configuration: leave out --data, --out, --recipe and --param");
        }
        RunDirectory run = RunDirectory.open(resume);
        TrainConfig config = run.config();
        run.recover().forEach(line -> err.println("repaired " + line));
        Path checkpoint = run.requireCheckpoint("to resume from");
        run.notices().forEach(n -> err.println("note: " + n));
        RunPack.refuseResume(checkpoint);
        DeviceChoice device = DeviceChoice.parse(common.device);
        DatasetSplits splits = Skipped.report(Datasets.open(config.data(), new LoadOptions(config.storageSize(), 0.1, config.seed())), err);
        err.printf(Locale.ROOT, "resuming %s on %s from %s on %s [%s]%n", config.method(), splits.name(),
                checkpoint.getFileName(), device.device(), device.reason());
        warnIfSlow(err, config, device);
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        Trainer.Result result = new Trainer(config, splits, run, progress, device.device()).resumeFrom(checkpoint)
                .syncEvery(syncEvery(device)).run(() -> false);
        progress.finish();
        err.printf(Locale.ROOT, "run written to %s (%d steps, %.1f s)%n", resume, result.steps(), result.seconds());
        stdout.println(result.knnTop1() == null ? "knn_top1=nan" : String.format(Locale.ROOT, "knn_top1=%.4f", result.knnTop1()));
        return 0;
    }

    TrainConfig config() {
        TrainConfig small = MethodPresets.small(method, data, backbone);
        int stepBudget = steps != null ? steps : (epochs != null ? 0 : small.steps());
        TrainConfigBuilder b = small.toBuilder().backbone(backbone == null ? small.backbone() : backbone)
                .epochs(epochs == null ? 0 : epochs).steps(stepBudget).seed(seed).evalEvery(evalEvery)
                .checkpointEvery(checkpointEvery);
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (imageSize != null) {
            b.imageSize(imageSize);
            if (recipe == null && small.views() != null) {
                // the preset's own views (DINO's, BYOL's, simclr-shapes …) in proportion: without this they stayed
                // at 32 px while the network and its evaluation took --image-size (most presets' views are at the
                // network's size; DINO's with a ViT on sample:shapes at half of it, so --image-size 64 keeps them)
                b.views(small.views().resized(small.views().globalSize() * imageSize / small.imageSize()));
            }
        }
        if (lr != null) {
            b.learningRate(lr);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (colorStrength != null) {
            b.colorStrength(colorStrength);
            if (recipe == null && MethodSpec.byId(method).preset().views() == null) {
                b.views(null); // SimCLR's CIFAR views at that strength, also where the data has its own (sample:shapes)
            } else if (recipe == null && small.views() != null) {
                // it was silently ignored: the method trains on its own views
                throw new IllegalArgumentException("--color-strength sets the jitter of SimCLR's default views; " + method
                        + " trains on its own views (" + small.views().name() + "): set the jitter strengths in a recipe"
                        + " (`contrastlab recipes " + small.views().name() + "` prints it as YAML to edit, then --recipe FILE)");
            }
        }
        if (params != null) {
            params.forEach(b::param); // over the preset's own settings (SwAV's on sample:shapes)
        }
        if (optimizer != null) {
            b.optimizer(optimizer);
        }
        if (weightDecay != null) {
            b.weightDecay(weightDecay);
        }
        if (weightDecayEnd != null) {
            b.weightDecayEnd(weightDecayEnd);
        }
        if (precision != null) {
            b.precision(precision);
        }
        if (initFrom != null) {
            if (!Files.isRegularFile(initFrom)) {
                throw new IllegalArgumentException("--init-from " + initFrom + ": no such file");
            }
            b.initFrom(initFrom.toAbsolutePath().toString(), initEncoder);
        }
        if (gradClip != null) {
            b.gradClip(gradClip);
        }
        if (recipe != null) {
            if (colorStrength != null) {
                throw new IllegalArgumentException("--color-strength applies to the default views only; set the jitter strengths in the "
                        + "recipe");
            }
            ViewRecipe views = RecipeFiles.resolve(recipe);
            b.views(views);
            if (imageSize == null) {
                b.imageSize(views.globalSize());
            }
        }
        // a folder is kept as an absolute path, so that the run resumes and evaluates from any working folder
        if (data != null && Files.exists(Path.of(data))) {
            b.data(Path.of(data).toAbsolutePath().normalize().toString());
        }
        return b.build();
    }
}
