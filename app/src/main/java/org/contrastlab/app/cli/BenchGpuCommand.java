package org.contrastlab.app.cli;

import ai.djl.util.cuda.CudaUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.ProcessMemory;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench gpu}: SimCLR with a ResNet-18 (CIFAR stem) at batch 512 on CIFAR-10,
 * timed on the chosen device, then the same recipe in PyTorch ({@code benchmarks/simclr_reference.py},
 * same network, loss, optimizer and augmentation semantics, data and views on the device) in
 * fp32 and, as PyTorch's tuned loop, in bf16 with channels-last, on the same machine in the
 * same command. Prints training images per second (two views each), memory and the first
 * loss of each, and {@code gpu_vs_reference=<our images/s / the fp32 reference's>} last.
 */
@Command(name = "gpu", mixinStandardHelpOptions = true,
        description = "SimCLR ResNet-18 at batch 512: our images/s against a PyTorch reference in the same run; prints "
                + "gpu_vs_reference=<ratio> last.")
public final class BenchGpuCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Option(names = "--data", defaultValue = "../shared/data/cifar10", description = "CIFAR-10 binary folder (default: ${DEFAULT-VALUE})")
    String data;
    @Option(names = "--batch-size", defaultValue = "512", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--backbone", defaultValue = "resnet18-cifar", description = "default: ${DEFAULT-VALUE}")
    String backbone;
    @Option(names = "--steps", defaultValue = "60", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--warmup", defaultValue = "10", description = "untimed first steps, rounded up to a multiple of --sync-every "
            + "(default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--sync-every", description = "read the losses back every N steps (default: 1 on the CPU, 10 on a GPU)")
    Integer syncEvery;
    @Option(names = "--python", defaultValue = "python3", description = "the Python with torch for the reference (default: "
            + "${DEFAULT-VALUE})")
    String python;
    @Option(names = "--reference-script", defaultValue = "benchmarks/simclr_reference.py", description = "default: ${DEFAULT-VALUE}")
    Path script;
    @Option(names = "--precision", defaultValue = "fp32", description = "our run's precision: fp32, or fp16 (float16 networks over float32 "
            + "weights) (default: ${DEFAULT-VALUE})")
    String precision;
    @Option(names = "--no-reference", description = "time only our run")
    boolean noReference;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        DeviceChoice device = DeviceChoice.parse(common.device);
        int every = syncEvery != null ? syncEvery : Trainer.defaultSyncEvery(device.device());
        int warm = (warmup + every - 1) / every * every;
        TrainConfig config = MethodPresets.small("simclr", data).toBuilder().precision(precision).backbone(backbone).batchSize(batchSize)
                .imageSize(32)
                .steps(warm + steps).evalEvery(0).checkpointEvery(0).build();
        DatasetSplits all = Datasets.open(data, new LoadOptions(config.storageSize(), 0.1, config.seed()));
        DatasetSplits trainOnly = new DatasetSplits(all.name(), all.train(), null);
        err.printf(Locale.ROOT, "SimCLR %s, batch %d, %d images, %s [%s], losses read every %d steps%n", backbone, batchSize,
                all.train().size(), device.device(), device.reason(), every);
        long[] marks = new long[2];
        double[] firstLoss = {Double.NaN};
        int total = warm + steps;
        new Trainer(config, trainOnly, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                if (s.step() == 1) {
                    firstLoss[0] = s.loss();
                }
                if (s.step() == warm) {
                    marks[0] = System.nanoTime(); // a read-back: the device has finished every step so far
                }
                if (s.step() == total) {
                    marks[1] = System.nanoTime();
                }
            }
        }, device.device()).syncEvery(every).run(() -> false);
        double ours = (double) steps * batchSize / ((marks[1] - marks[0]) / 1e9);
        String memory = device.device().isGpu()
                ? String.format(Locale.ROOT, "gpu_used_mb=%.0f", CudaUtils.getGpuMemory(device.device()).getUsed() / 1048576.0)
                : String.format(Locale.ROOT, "resident_mb=%.0f", ProcessMemory.residentBytes() / 1048576.0);
        out.printf(Locale.ROOT, "ours images_per_second=%.1f %s first_loss=%.4f device=%s precision=%s sync_every=%d%n",
                ours, memory, firstLoss[0], device.device(), config.precision().id(), every);
        if (noReference) {
            out.printf(Locale.ROOT, "images_per_second=%.1f%n", ours);
            return 0;
        }
        if (!Files.isRegularFile(script)) {
            err.println("the reference " + script + " is missing: run from the project folder or pass --reference-script");
            return 2;
        }
        String torchDevice = device.device().isGpu() ? "cuda:" + device.device().getDeviceId() : "cpu";
        Double fp32 = reference(torchDevice, every, warm, List.of());
        if (fp32 == null) {
            return 2;
        }
        if (device.device().isGpu()) {
            reference(torchDevice, every, warm, List.of("--bf16", "--channels-last"));
        }
        out.printf(Locale.ROOT, "gpu_vs_reference=%.2f%n", ours / fp32);
        return 0;
    }

    /** Runs the PyTorch reference; prints its line and returns its images/s, or null when it failed. */
    private Double reference(String torchDevice, int every, int warm, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--data", data, "--device", torchDevice,
                "--batch-size", String.valueOf(batchSize), "--steps", String.valueOf(steps), "--warmup", String.valueOf(warm),
                "--sync-every", String.valueOf(every)));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("reference ")) {
                    result = line;
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || result == null) {
            var err = spec.commandLine().getErr();
            err.println("the PyTorch reference failed (" + String.join(" ", cmd) + ", exit " + rc + "):");
            lines.stream().skip(Math.max(0, lines.size() - 15)).forEach(err::println);
            err.println("it needs torch for " + python + " (pip install torch, or Debian's python3-torch); --no-reference skips it");
            return null;
        }
        spec.commandLine().getOut().println(result);
        Matcher m = Pattern.compile("images_per_second=([0-9.]+)").matcher(result);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }
}
