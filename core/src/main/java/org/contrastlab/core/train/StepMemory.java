package org.contrastlab.core.train;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.augment.ViewGroup;

/**
 * What one training step's views take in memory, checked before a run folder is written: a
 * recipe of ten 512 px views at batch 256 asks for 8 GB of float32 views alone, and the
 * process was killed by the system a minute into its first step, its run folder already
 * there. The views (before the network's activations, which come on top) must fit in a
 * quarter of the machine's memory.
 */
public final class StepMemory {
    private StepMemory() {
    }

    /** The float32 bytes of every view of one step of {@code config}. */
    public static long viewBytes(TrainConfig config) {
        long perImage = 0;
        for (ViewGroup g : config.viewRecipe().groups()) {
            perImage += (long) g.count() * 3 * g.size() * g.size();
        }
        return 4L * config.batchSize() * perImage;
    }

    /** Refuses {@code config} when its views do not fit in a quarter of {@code machineBytes}. */
    public static void check(TrainConfig config, long machineBytes) {
        long views = viewBytes(config);
        if (machineBytes > 0 && views > machineBytes / 4) {
            throw new InvalidConfigException(List.of(String.format(Locale.ROOT,
                    "recipe '%s' at --batch-size %d makes %.1f GB of views a step, more than a quarter of this machine's "
                            + "%.1f GB (the network's activations come on top): use a smaller --batch-size, or fewer or smaller views",
                    config.viewRecipe().name(), config.batchSize(), views / 1e9, machineBytes / 1e9)));
        }
    }

    /** The physical memory of this machine in bytes, or 0 when the system does not say. */
    public static long machineBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
