package org.contrastlab.app.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.env.ProcessMemory;
import org.contrastlab.core.model.vit.TimmWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench weights}: what opening a ViT weights file costs: seconds to read and
 * build it, the process's resident memory before and at its peak, and one forward pass at the
 * ViT's own size, so that a published ViT-B/16 can be sized against the machine.
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Time opening a ViT weights file (safetensors or PyTorch checkpoint) and report the memory it takes.")
public final class BenchWeightsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--weights", required = true, description = "a ViT weights file")
    Path weights;
    @Option(names = "--heads", description = "attention heads, if the file does not say (default: width / 64)")
    Integer heads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long before = ProcessMemory.residentBytes();
        try (NDManager manager = NDManager.newBaseManager()) {
            long t0 = System.nanoTime();
            TimmWeights.Imported vit = TimmWeights.load(weights, heads, manager);
            double load = (System.nanoTime() - t0) / 1e9;
            long afterLoad = ProcessMemory.peakResidentBytes();
            long params = vit.vit().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            int side = vit.vit().tableSize();
            long t1 = System.nanoTime();
            vit.vit().forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 3, side, side))), false);
            double forward = (System.nanoTime() - t1) / 1e9;
            out.printf(Locale.ROOT, "%s%n", vit.describe());
            out.printf(Locale.ROOT, "file_mb=%.1f params=%d load_seconds=%.2f forward_seconds=%.2f rss_before_mb=%d "
                    + "peak_rss_after_load_mb=%d peak_rss_mb=%d%n", Files.size(weights) / 1e6, params, load, forward, before >> 20,
                    afterLoad >> 20, ProcessMemory.peakResidentBytes() >> 20);
        }
        return 0;
    }
}
