package org.contrastlab.app.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench parity}: every method trains a few steps on the chosen device and on
 * the CPU from the same weights and state: one step on the CPU writes a checkpoint (networks,
 * optimizer buffers, queues, banks), then both devices resume from it with the same seed, so
 * they make the same views and take the same steps. Prints each method's losses on both and
 * their difference, and {@code parity_max_abs_diff=<largest difference at the first resumed step>}
 * last. On a machine without a GPU it compares the CPU with itself (which must give 0: a
 * resumed step depends on nothing but the checkpoint and the seed).
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Every method's losses on the device against the CPU from the same weights; prints parity_max_abs_diff=<diff> last.")
public final class BenchParityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Option(names = "--data", defaultValue = "../shared/data/cifar10", description = "default: ${DEFAULT-VALUE}")
    String data;
    @Option(names = "--steps", defaultValue = "3", description = "steps after the shared first one (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--batch-size", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int batchSize;
    @Option(names = "--backbone", defaultValue = "convnet-tiny", description = "default: ${DEFAULT-VALUE}")
    String backbone;
    @Option(names = "--methods", split = ",", description = "methods to run (default: all)")
    List<String> methods;

    /** InstDisc draws its noise samples from a bank of the training images: fewer than there are (a cut of CIFAR has 4,000). */
    private static TrainConfig fitNegatives(TrainConfig config, int trainSize) {
        if (MethodSpec.byId(config.method()).param("negatives") == null || config.resolvedParams().count("negatives") < trainSize) {
            return config;
        }
        return config.toBuilder().param("negatives", Math.max(1, trainSize / 2)).build();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Device device = DeviceChoice.parse(common.device).device();
        List<String> ids = methods != null ? methods : MethodSpec.all().stream().map(MethodSpec::id).toList();
        DatasetSplits full = Datasets.open(data, new LoadOptions(64, 0.1, 42));
        DatasetSplits splits = new DatasetSplits(full.name(), full.train(), null);
        out.printf(Locale.ROOT, "%s on %s against the CPU: %s, batch %d, 1 shared step then %d steps%n", splits.name(), device,
                backbone, batchSize, steps);
        out.println("| method | step | CPU loss | " + device + " loss | abs diff |");
        double worst = 0;
        Path tmp = Files.createTempDirectory("contrastlab-parity");
        try {
            for (String id : ids) {
                TrainConfig config = fitNegatives(MethodPresets.small(id, data).toBuilder().backbone(backbone).batchSize(batchSize)
                        .imageSize(32).steps(1 + steps).evalEvery(0).checkpointEvery(1).build(), splits.train().size());
                RunDirectory shared = RunDirectory.create(tmp.resolve(id), config, false);
                new Trainer(config, splits, shared, e -> { }, Device.cpu()).run(new StopAfter(1));
                Path checkpoint = shared.latestCheckpoint().orElseThrow();
                List<Double> cpu = resumed(config, splits, checkpoint, Device.cpu());
                List<Double> other = resumed(config, splits, checkpoint, device);
                for (int k = 0; k < cpu.size(); k++) {
                    double diff = Math.abs(cpu.get(k) - other.get(k));
                    if (k == 0) {
                        worst = Math.max(worst, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
                    }
                    out.printf(Locale.ROOT, "| %s | %d | %.6f | %.6f | %.2e |%n", id, k + 2, cpu.get(k), other.get(k), diff);
                }
                out.flush();
            }
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.printf(Locale.ROOT, "parity_max_abs_diff=%.3g%n", worst);
        return 0;
    }

    /** The losses of the steps after {@code checkpoint}, resumed on {@code device} (nothing written). */
    private static List<Double> resumed(TrainConfig config, DatasetSplits splits, Path checkpoint, Device device) {
        List<Double> losses = new ArrayList<>();
        new Trainer(config, splits, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                losses.add(s.loss());
            }
        }, device).resumeFrom(checkpoint).run(() -> false);
        return losses;
    }

    /** Stops a run after n steps. */
    private static final class StopAfter implements BooleanSupplier {
        private final int n;
        private int asked;

        StopAfter(int n) {
            this.n = n;
        }

        @Override
        public boolean getAsBoolean() {
            return asked++ >= n;
        }
    }
}
