package org.contrastlab.app.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.AugmentBenchmark;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.RuntimeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench augment}: views per second of the SimCLR recipe at 32 px and of
 * DINO's multi-crop at 224/96 px, batched on NDArrays against one image at a time, on the
 * CPU (and on a GPU with {@code --device gpu}). Its last line is
 * {@code augment_speedup=<batched ÷ one-at-a-time views/s>} for SimCLR at 32 px on the CPU.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Views/s of the SimCLR and InfoMin (32 px) and DINO multi-crop (224/96 px) recipes, batched vs one image at a time.")
public final class BenchAugmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--data", defaultValue = "sample:shapes", description = "images for the 32 px SimCLR recipe (default: "
            + "${DEFAULT-VALUE})")
    String data;
    @Option(names = "--photos", description = "images for DINO's 224/96 px multi-crop, stored at 256 px (default: --data)")
    String photos;
    @Option(names = "--batch-size", defaultValue = "256", description = "images per batch, SimCLR (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--dino-batch-size", defaultValue = "32", description = "images per batch, DINO (default: ${DEFAULT-VALUE})")
    int dinoBatchSize;
    @Option(names = "--seconds", defaultValue = "10", description = "time spent on each measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeviceChoice choice = DeviceChoice.parse(common.device);
        out.printf(Locale.ROOT, "device: %s [%s]; allocator: %s%n", choice.device(), choice.reason(), RuntimeReport.collect()
                .get("allocator"));
        ImageStore small = Datasets.open(data, new LoadOptions(32, 0.0, 1)).train().head(4096);
        ImageStore large = Datasets.open(photos == null ? data : photos, new LoadOptions(256, 0.0, 1)).train().head(512);
        ViewRecipe simclr = ViewRecipes.byName("simclr-cifar");
        ViewRecipe dino = ViewRecipes.byName("dino");
        AugmentBenchmark.Result cpuSimclr = measure(out, small, simclr, batchSize, Device.cpu());
        // InfoMin's views: SimCLR's with RandAugment, what its fifteen ops cost on top
        measure(out, small, ViewRecipes.byName("infomin-cifar"), batchSize, Device.cpu());
        measure(out, large, dino, dinoBatchSize, Device.cpu());
        if (!choice.device().equals(Device.cpu())) {
            measure(out, small, simclr, batchSize, choice.device());
            measure(out, large, dino, dinoBatchSize, choice.device());
        }
        out.printf(Locale.ROOT, "augment_speedup=%.2f%n", cpuSimclr.speedup());
        return 0;
    }

    private AugmentBenchmark.Result measure(PrintWriter out, ImageStore images, ViewRecipe recipe, int batch, Device device) {
        AugmentBenchmark.Result r = AugmentBenchmark.run(images, recipe, batch, 64, seconds, device);
        out.printf(Locale.ROOT, "%-14s %4d px source  %-4s  batched (%d images) %9.1f views/s   one at a time %8.1f views/s   x%.1f%n",
                recipe.name(), images.height(), device.getDeviceType(), batch, r.batchedViewsPerSecond(), r.singleViewsPerSecond(),
                        r.speedup());
        out.flush();
        return r;
    }
}
