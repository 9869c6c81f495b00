package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.eval.Embedder;
import org.contrastlab.core.eval.KnnMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real data: a few steps, the run folder it writes, checkpoints, stopping, divergence. */
class TrainerTest {
    private static DatasetSplits cifar;
    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(512), full.test().head(200));
    }

    static TrainConfig tiny(int steps, double lr) {
        return TrainConfig.small("cifar10-subset").toBuilder().backbone("convnet-tiny").steps(steps).batchSize(32).seed(7)
                .learningRate(lr).warmupSteps(2).temperature(0.5f).headHidden(64).projectionDim(32).evalEvery(0).knnK(20)
                .checkpointEvery(2).storageSize(32).build();
    }

    @Test
    void writesConfigMetricsAndAnAtomicCheckpointThatReloads() throws Exception {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), tiny(5, 0.1), false);
        List<TrainingEvent> events = new ArrayList<>();
        Trainer.Result r = new Trainer(tiny(5, 0.1), cifar, run, events::add, Device.cpu()).run(() -> false);
        assertEquals(5, r.steps());
        assertTrue(r.knnTop1() != null && r.knnTop1() >= 0 && r.knnTop1() <= 1);
        assertEquals(tiny(5, 0.1), run.config());
        List<String> lines = Files.readAllLines(run.root().resolve(RunDirectory.METRICS));
        assertEquals(6, lines.size(), "5 step lines and the final kNN line");
        assertTrue(lines.get(0).contains("\"step\":1") && lines.get(0).contains("\"loss\"") && lines.get(0).contains("\"lr\""));
        assertTrue(lines.get(5).contains("knn_top1"));
        Path checkpoint = run.latestCheckpoint().orElseThrow();
        assertEquals("step-0000005", checkpoint.getFileName().toString());
        try (Stream<Path> s = Files.list(checkpoint.getParent())) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("latest", "step-0000004", "step-0000005"), names, "older checkpoints pruned, no temporary left");
        }
        assertTrue(events.get(0) instanceof TrainingEvent.Started);
        assertTrue(events.get(events.size() - 1) instanceof TrainingEvent.Finished);

        // the reloaded backbone gives the same kNN accuracy as at the end of training
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingModel.Loaded loaded = TrainingModel.load(run, m, false);
            double top1 = new KnnMonitor(cifar.train(), cifar.test(), 20, 0.1f)
                    .evaluate(loaded.backbone(), new ParameterStore(m, false), loaded.normalization(), 32, m);
            assertEquals(r.knnTop1(), top1, 1e-9);
            float[] trained = new Embedder(loaded.backbone(), new ParameterStore(m, false), loaded.normalization(), 32, 64)
                    .embed(cifar.test().head(4), m).toFloatArray();
            TrainingModel.Loaded random = TrainingModel.load(run, m, true);
            float[] init = new Embedder(random.backbone(), new ParameterStore(m, false), random.normalization(), 32, 64)
                    .embed(cifar.test().head(4), m).toFloatArray();
            assertFalse(Arrays.equals(trained, init), "training changed the weights");
        }
    }

    @Test
    void sameSeedGivesTheSameLossCurve() {
        List<Double> a = losses(tiny(3, 0.1));
        List<Double> b = losses(tiny(3, 0.1));
        assertEquals(a, b);
    }

    @Test
    void stopsBetweenStepsWhenAsked() {
        int[] steps = {0};
        Trainer.Result r = new Trainer(tiny(50, 0.1), cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted) {
                steps[0]++;
            }
        }, Device.cpu()).run(() -> steps[0] >= 2);
        assertTrue(r.stoppedEarly());
        assertEquals(2, r.steps());
    }

    @Test
    void aNonFiniteOrExplodingLossSaysWhichQuantityWentBadAtWhichStep() {
        DivergenceGuard guard = new DivergenceGuard();
        DivergenceException e = assertThrows(DivergenceException.class, () -> guard.checkLoss(Double.NaN, 17, 0.3));
        assertTrue(e.getMessage().startsWith("the loss became NaN at step 17 (learning rate 0.3000)"), e.getMessage());
        assertThrows(DivergenceException.class, () -> guard.checkLoss(Double.POSITIVE_INFINITY, 1, 0.3));
        guard.checkLoss(5.2, 3, 0.3);
        guard.checkLoss(5000, 4, 0.3);
        DivergenceException exploded = assertThrows(DivergenceException.class, () -> guard.checkLoss(5300, 5, 0.3));
        assertTrue(exploded.getMessage().startsWith("the loss exploded to 5300 at step 5, over 1000 times its first value 5.200"),
                exploded.getMessage());
        DivergenceException grad = assertThrows(DivergenceException.class,
                () -> DivergenceGuard.checkFinite("the gradient norm", Double.NaN, 9, 0.3));
        assertTrue(grad.getMessage().startsWith("the gradient norm became NaN at step 9"), grad.getMessage());
    }

    @Test
    void aDivergingRunStopsAndKeepsItsLastGoodCheckpoint() throws Exception {
        TrainConfig good = MethodPresets.small("instdisc", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32)
                .steps(10).headHidden(32).projectionDim(16).checkpointEvery(1).evalEvery(0)
                .methodParams(Map.of("negatives", 32.0, "softmax", 0.0)).build(); // NCE: its exp(v·f/τ) can overflow
        RunDirectory run = RunDirectory.create(tmp.resolve("diverging"), good, false);
        new Trainer(good, cifar, run, ev -> { }, Device.cpu()).run(new BooleanSupplier() {
            private int asked;

            @Override
            public boolean getAsBoolean() {
                return asked++ >= 3;
            }
        });
        Path kept = run.latestCheckpoint().orElseThrow();
        assertEquals("step-0000003", kept.getFileName().toString());
        // the same run goes on at τ = 0.005: exp(v·f/τ) overflows float (exp(200)) at its next step
        TrainConfig bad = good.toBuilder().temperature(0.005f).build();
        List<String> failures = new ArrayList<>();
        DivergenceException e = assertThrows(DivergenceException.class, () -> new Trainer(bad, cifar, run, ev -> {
            if (ev instanceof TrainingEvent.Failed f) {
                failures.add(f.message());
            }
        }, Device.cpu()).resumeFrom(kept).run(() -> false));
        assertTrue(e.getMessage().startsWith("the loss became Infinity at step 4") || e.getMessage()
                .startsWith("the loss became NaN at step 4"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the last good checkpoint is kept"), e.getMessage());
        assertEquals(List.of(e.getMessage()), failures);
        assertEquals(kept, run.latestCheckpoint().orElseThrow(), "no checkpoint after the bad step");
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingModel.Loaded loaded = TrainingModel.load(run, m, false);
            for (Pair<String, Parameter> p : loaded.backbone().getParameters()) {
                assertTrue(Float.isFinite(p.getValue().getArray().abs().max().getFloat()), p.getKey() + " finite in the kept checkpoint");
            }
        }
    }

    @Test
    void readingBackEveryFewStepsGivesTheSameRunAsReadingEveryStep() throws Exception {
        // LARS (its trust ratio now stays on the device) and clipping (the scale too)
        TrainConfig c = tiny(7, 0.1).toBuilder().optimizer("lars").gradClip(0.5).evalEvery(3).checkpointEvery(0).build();
        List<TrainingEvent.StepCompleted> everyStep = new ArrayList<>();
        List<TrainingEvent.StepCompleted> everyFour = new ArrayList<>();
        RunDirectory a = RunDirectory.create(tmp.resolve("every-step"), c, false);
        RunDirectory b = RunDirectory.create(tmp.resolve("every-four"), c, false);
        Trainer.Result ra = new Trainer(c, cifar, a, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                everyStep.add(s);
            }
        }, Device.cpu()).run(() -> false);
        Trainer.Result rb = new Trainer(c, cifar, b, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                everyFour.add(s);
            }
        }, Device.cpu()).syncEvery(4).run(() -> false);
        assertEquals(everyStep.stream().map(TrainingEvent.StepCompleted::loss).toList(),
                everyFour.stream().map(TrainingEvent.StepCompleted::loss).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), everyFour.stream().map(TrainingEvent.StepCompleted::step).toList());
        assertEquals(ra.knnTop1(), rb.knnTop1());
        // the evaluation at step 3 forced a read there: the kNN line is the same, and so are the losses in the metrics
        List<String> ma = Files.readAllLines(a.root().resolve(RunDirectory.METRICS));
        List<String> mb = Files.readAllLines(b.root().resolve(RunDirectory.METRICS));
        assertEquals(ma.size(), mb.size());
        for (int i = 0; i < ma.size(); i++) {
            assertEquals(field(ma.get(i), "loss"), field(mb.get(i), "loss"), "line " + i);
            assertEquals(field(ma.get(i), "knn_top1"), field(mb.get(i), "knn_top1"), "line " + i);
        }
        String step1 = mb.stream().filter(l -> l.startsWith("{\"step\":1,")).findFirst().orElseThrow();
        String step3 = mb.stream().filter(l -> l.startsWith("{\"step\":3,")).findFirst().orElseThrow();
        assertTrue(step3.contains("knn_top1") && step3.contains("collapse"), "step 3 was read with its monitors: " + step3);
        assertTrue(!step1.contains("collapse") && step1.contains("grad_norm"), "step 1 only with its loss and gradient norm: " + step1);
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([^,}]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void readingBackEveryFewStepsStillStopsADivergingRunBeforeItsNextCheckpoint() throws Exception {
        TrainConfig good = MethodPresets.small("instdisc", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32)
                .steps(10).headHidden(32).projectionDim(16).checkpointEvery(3).evalEvery(0)
                .methodParams(Map.of("negatives", 32.0, "softmax", 0.0)).build(); // NCE: its exp(v·f/τ) can overflow
        RunDirectory run = RunDirectory.create(tmp.resolve("diverging-late"), good, false);
        int[] asked = {0};
        new Trainer(good, cifar, run, ev -> { }, Device.cpu()).run(() -> asked[0]++ >= 3);
        Path kept = run.latestCheckpoint().orElseThrow();
        assertEquals("step-0000003", kept.getFileName().toString());
        // τ = 0.005 overflows at step 4; steps 4 and 5 are read together when step 6's checkpoint is due
        TrainConfig bad = good.toBuilder().temperature(0.005f).build();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> new Trainer(bad, cifar, run, ev -> { }, Device.cpu()).resumeFrom(kept).syncEvery(10).run(() -> false));
        assertTrue(e.getMessage().startsWith("the loss became Infinity at step 4") || e.getMessage()
                .startsWith("the loss became NaN at step 4"),
                e.getMessage());
        assertEquals(kept, run.latestCheckpoint().orElseThrow(), "no checkpoint holds the bad steps");
        assertThrows(IllegalArgumentException.class, () -> new Trainer(bad, cifar, run, ev -> { }, Device.cpu()).syncEvery(0));
    }

    @Test
    void refusesAnExistingRunFolderUnlessAskedToOverwrite() {
        RunDirectory.create(tmp.resolve("r"), tiny(1, 0.1), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.create(tmp.resolve("r"), tiny(1, 0.1), false));
        assertTrue(e.getMessage().contains("already holds a run"));
        RunDirectory.create(tmp.resolve("r"), tiny(1, 0.1), true);
    }

    private static List<Double> losses(TrainConfig c) {
        List<Double> out = new ArrayList<>();
        new Trainer(c, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                out.add(s.loss());
            }
        }, Device.cpu()).run(() -> false);
        return out;
    }
}
