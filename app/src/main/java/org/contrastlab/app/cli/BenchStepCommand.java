package org.contrastlab.app.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.RuntimeReport;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.ParamSpec;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainConfigBuilder;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench step}: the training step of the small SimCLR preset, timed. Prints
 * the median and 90th-percentile step time after a warm-up, images/s, resident memory at the
 * end and its growth over the timed steps (resident memory includes the Java heap, reported
 * too), and the allocator, ending with
 * {@code step_ms=<median>}. {@code rss_growth_percent} is the growth of resident memory from the
 * first timed step to the last: run a few thousand small steps (e.g. {@code --steps 3000
 * --batch-size 16 --backbone convnet-tiny --method moco-v2}) to see that it stays flat. Compare allocators by running it with and without
 * jemalloc
 * ({@code CONTRASTLAB_JEMALLOC=0}); see docs/benchmarks.md.
 */
@Command(name = "step", mixinStandardHelpOptions = true, description = "Time the training step of a method's small preset; resident memory "
        + "before and after.")
public final class BenchStepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--data", defaultValue = "sample:shapes", description = "dataset (default: ${DEFAULT-VALUE})")
    String data;
    @Option(names = "--steps", defaultValue = "40", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--warmup", defaultValue = "5", description = "untimed first steps (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--batch-size", defaultValue = "256", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--backbone", defaultValue = "convnet-small", description = "backbone (default: ${DEFAULT-VALUE})")
    String backbone;
    @Option(names = "--method", defaultValue = "simclr", description = "method, with its small preset (default: ${DEFAULT-VALUE})")
    String method;

    @Override
    public Integer call() {
        TrainConfig base = MethodPresets.small(method, data);
        TrainConfigBuilder b = base.toBuilder().backbone(backbone).steps(warmup + steps).batchSize(batchSize).evalEvery(0)
                .checkpointEvery(0);
        ParamSpec splitBn = MethodSpec.byId(method).param("split_bn");
        if (splitBn != null && batchSize % (int) splitBn.defaultValue() != 0) {
            b.param("split_bn", 1); // shuffle-BN groups that do not divide this batch: one group
        }
        TrainConfig config = b.build();
        DatasetSplits full = Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, config.seed()));
        DatasetSplits trainOnly = new DatasetSplits(full.name(), full.train(), null);
        List<Double> millis = new ArrayList<>();
        long[] rss = new long[2];
        new Trainer(config, trainOnly, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted st && st.step() > warmup) {
                millis.add(1000.0 * batchSize / st.imagesPerSecond());
                rss[0] = rss[0] == 0 ? st.residentBytes() : rss[0];
                rss[1] = st.residentBytes();
            }
        }, DeviceChoice.parse(common.device).device()).run(() -> false);
        Collections.sort(millis);
        double median = millis.get(millis.size() / 2);
        double p90 = millis.get((int) (millis.size() * 0.9));
        var out = spec.commandLine().getOut();
        Map<String, String> runtime = RuntimeReport.collect();
        out.printf(Locale.ROOT, "allocator: %s%nhuge pages: %s%n", runtime.get("allocator"), runtime.get("huge pages"));
        out.printf(Locale.ROOT, "%s, %s, %s, batch %d at %d px, %d timed steps%n", method, data, backbone, batchSize,
                config.imageSize(), millis.size());
        out.printf(Locale.ROOT, "step_p90_ms=%.1f%nimages_per_s=%.1f%nrss_mb=%d%nrss_growth_mb=%d%nrss_growth_percent=%.1f%n"
                        + "java_heap_committed_mb=%d%n", p90, 1000.0 * batchSize / median, rss[1] >> 20, (rss[1] - rss[0]) >> 20,
                100.0 * (rss[1] - rss[0]) / rss[0], Runtime.getRuntime().totalMemory() >> 20);
        out.printf(Locale.ROOT, "step_ms=%.1f%n", median);
        return 0;
    }
}
