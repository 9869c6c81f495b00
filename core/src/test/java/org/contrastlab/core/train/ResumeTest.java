package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped after 3 of 6 steps and resumed from its checkpoint takes the same steps as a
 * run that never stopped: the same losses at steps 4–6 (the networks, teachers, optimizer
 * buffers, queue or bank and every random draw come back), and the metrics file holds each
 * step once. Methods with a queue (MoCo, SwAV), a bank (InstDisc) and an EMA target (BYOL).
 */
class ResumeTest {
    private static DatasetSplits cifar;
    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(128), full.test().head(64));
    }

    /** A method's small preset; "-fp16" after its name trains in float16 (the loss scale is checkpointed too). */
    private static TrainConfig config(String name) {
        String method = name.replace("-fp16", "");
        Map<String, Double> params = switch (method) {
            case "moco-v2" -> Map.of("queue_size", 96.0, "split_bn", 2.0);
            case "simclr-v2" -> Map.of("memory", 1.0, "queue_size", 96.0);
            case "instdisc" -> Map.of("negatives", 32.0, "softmax", 0.0); // NCE: its Z is state to resume
            case "swav" -> Map.of("queue_size", 64.0, "queue_start", 1.0, "freeze_prototypes", 2.0, "prototypes", 24.0);
            default -> Map.of();
        };
        return MethodPresets.small(method, "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32).steps(6)
                .headHidden(32).projectionDim(16).warmupSteps(2).checkpointEvery(3).evalEvery(0).methodParams(params)
                .precision(name.endsWith("-fp16") ? TrainConfig.FP16 : TrainConfig.FP32).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "simclr-v2", "moco-v2", "instdisc", "swav", "byol", "byol-fp16", "barlow-twins-fp16"})
    void aResumedRunContinuesAsIfItHadNeverStopped(String method) throws Exception {
        TrainConfig config = config(method);
        List<Double> straight = losses(config, RunDirectory.create(tmp.resolve("straight"), config, false), null, 6);

        RunDirectory run = RunDirectory.create(tmp.resolve("stopped"), config, false);
        List<Double> first = losses(config, run, null, 3);
        assertEquals(straight.subList(0, 3), first, "the same first steps");
        Path checkpoint = run.latestCheckpoint().orElseThrow();
        assertEquals("step-0000003", checkpoint.getFileName().toString());
        List<Double> rest = losses(config, RunDirectory.open(run.root()), checkpoint, 6);
        assertEquals(3, rest.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(straight.get(3 + i), rest.get(i), 1e-5 * Math.max(1, Math.abs(straight.get(3 + i))),
                    method + ": loss of step " + (4 + i) + " after resuming");
        }
        List<String> steps = Files.readAllLines(run.root().resolve(RunDirectory.METRICS)).stream()
                .filter(l -> l.contains("\"loss\"")).toList();
        assertEquals(6, steps.size(), "each step once in the metrics: " + steps);
        assertTrue(steps.get(5).contains("\"step\":6"));
    }

    /** Runs until {@code until} steps are done (stopping early when fewer than the budget); returns the losses. */
    private static List<Double> losses(TrainConfig config, RunDirectory run, Path resume, int until) {
        return RunLosses.of(config, cifar, run, resume, until);
    }
}
