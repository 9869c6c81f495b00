package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU benchmarks' code paths, run on the CPU (no GPU here): {@code bench parity} resumes
 * every listed method from one checkpoint and must find no difference between two runs on the
 * same device; {@code bench gpu} times its run with the losses read back every few steps.
 */
class GpuBenchCliTest {
    private static final String CIFAR = Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString();

    @Test
    void parityOfTheCpuWithItselfIsExact() {
        CliTest.Outcome o = CliTest.run("bench", "parity", "--device", "cpu", "--data", CIFAR, "--methods", "simclr,byol",
                "--steps", "2", "--batch-size", "32");
        assertEquals(0, o.code(), o.err());
        assertEquals("parity_max_abs_diff=0.00", o.lastLine(), o.out());
        assertEquals(4, o.out().lines().filter(l -> l.startsWith("| simclr |") || l.startsWith("| byol |")).count(), o.out());
    }

    @Test
    void parityRunsInstDiscOnACutSmallerThanItsNoiseSample(@TempDir Path dir) throws Exception {
        // the cut carried to the GPU machine has 4,000 images; InstDisc draws 4,096 noise samples by default
        Path cut = Files.createDirectories(dir.resolve("cifar10"));
        try (InputStream in = Files.newInputStream(Path.of(CIFAR, "data_batch_1.bin"))) {
            Files.write(cut.resolve("data_batch_1.bin"), in.readNBytes(600 * 3073));
        }
        Files.copy(Path.of(CIFAR, "batches.meta.txt"), cut.resolve("batches.meta.txt"));
        CliTest.Outcome o = CliTest.run("bench", "parity", "--device", "cpu", "--data", cut.toString(), "--methods", "instdisc",
                "--steps", "1", "--batch-size", "16");
        assertEquals(0, o.code(), o.err() + o.out());
        assertEquals("parity_max_abs_diff=0.00", o.lastLine(), o.out());
    }

    @Test
    void float16IsChosenOnTheCommandLineAndBf16IsRefused(@TempDir Path dir) {
        CliTest.Outcome o = CliTest.run("bench", "gpu", "--device", "cpu", "--data", CIFAR, "--backbone", "convnet-tiny",
                "--batch-size", "16", "--steps", "2", "--warmup", "1", "--precision", "fp16", "--no-reference");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("precision=fp16"), o.out());
        CliTest.Outcome fp16 = CliTest.run("train", "--data", CIFAR, "--steps", "1", "--batch-size", "16", "--backbone",
                "convnet-tiny", "--device", "cpu", "--precision", "fp16", "--out", dir.resolve("fp16").toString());
        assertEquals(0, fp16.code(), fp16.err());
        assertTrue(fp16.err().contains("--precision fp16 on the CPU is about 11 times slower"), fp16.err());
        assertTrue(fp16.lastLine().startsWith("knn_top1="), fp16.out());
        CliTest.Outcome bf16 = CliTest.run("train", "--data", CIFAR, "--steps", "2", "--precision", "bf16",
                "--out", dir.resolve("run").toString());
        assertEquals(2, bf16.code(), bf16.out());
        assertTrue(bf16.err().contains("--precision must be fp32 or fp16, got 'bf16'"), bf16.err());
    }

    @Test
    void gpuBenchTimesOurRunWithDeferredReadBack() {
        CliTest.Outcome o = CliTest.run("bench", "gpu", "--device", "cpu", "--data", CIFAR, "--backbone", "convnet-tiny",
                "--batch-size", "16", "--steps", "4", "--warmup", "1", "--sync-every", "2", "--no-reference");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("ours images_per_second=") && o.out().contains("sync_every=2"), o.out());
        assertTrue(o.lastLine().matches("images_per_second=\\d+\\.\\d"), o.out());
        CliTest.Outcome missing = CliTest.run("bench", "gpu", "--device", "cpu", "--data", CIFAR, "--backbone", "convnet-tiny",
                "--batch-size", "16", "--steps", "1", "--warmup", "1", "--reference-script", "no/such/script.py");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no/such/script.py is missing"), missing.err());
    }
}
