package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.inspect.StepInspection;
import org.contrastlab.core.method.StepDetail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step-through: a held run waits between steps, takes one step per {@link StepGate#stepOnce},
 * shows each step before taking it (its views, the similarity of their embeddings with the
 * positives, each row's loss), and changes nothing by being looked at: its losses are those of a
 * run never held. Real CIFAR-10 images.
 */
class StepGateTest {
    private static DatasetSplits cifar;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(256), full.test().head(100));
    }

    private static TrainConfig config() {
        return MethodPresets.small("simclr", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(16).steps(6)
                .headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1).methodParams(Map.of()).build();
    }

    @Test
    void lookingAtEachStepChangesNothingAndShowsItsBatch() {
        List<Double> plain = new ArrayList<>();
        new Trainer(config(), cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                plain.add(s.loss());
            }
        }, Device.cpu()).run(() -> false);

        StepGate gate = new StepGate();
        gate.hold();
        List<Double> held = new ArrayList<>();
        List<StepInspection> shown = new ArrayList<>();
        new Trainer(config(), cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                held.add(s.loss());
            } else if (e instanceof TrainingEvent.StepInspected i) {
                shown.add(i.inspection());
                if (shown.size() < 3) {
                    gate.stepOnce();
                } else {
                    gate.release();
                }
            }
        }, Device.cpu()).gate(gate).run(() -> false);

        assertEquals(plain, held, "the held run takes exactly the steps of a run never held");
        assertEquals(List.of(1, 2, 3), shown.stream().map(StepInspection::step).toList());
        StepInspection first = shown.get(0);
        assertEquals(12, first.images());
        assertEquals(24, first.rows(), "two views of each of the first twelve images");
        assertEquals(24, first.views().size());
        assertEquals(32 * 32, first.views().get(0).length);
        assertEquals(12, first.positiveOf(0));
        assertEquals(0, first.positiveOf(12));
        for (int i = 0; i < first.rows(); i++) {
            assertEquals(1.0, first.similarity(i, i), 1e-4, "a unit embedding with itself");
            for (int j = 0; j < first.rows(); j++) {
                assertEquals(first.similarity(i, j), first.similarity(j, i), 1e-5);
            }
            assertTrue(Float.isFinite(first.rowLoss()[i]) && first.rowLoss()[i] > 0, "row " + i);
        }
        Set<Integer> colours = new HashSet<>();
        for (int p : first.views().get(0)) {
            colours.add(p);
        }
        assertTrue(colours.size() > 100, "a picture, not a flat tile: " + colours.size() + " colours");
        assertFalse(Arrays.equals(first.views().get(0), first.views().get(12)), "two different views of one image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"byol", "simsiam", "moco-v2", "dino", "swav"})
    void eachMethodSaysWhatItComparesWithoutChangingTheRun(String method) {
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(16).steps(3)
                .headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1).methodParams(Map.of()).build();
        List<Double> plain = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                plain.add(s.loss());
            }
        }, Device.cpu()).run(() -> false);
        StepGate gate = new StepGate();
        gate.hold();
        List<Double> held = new ArrayList<>();
        List<StepDetail> details = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                held.add(s.loss());
            } else if (e instanceof TrainingEvent.StepInspected i) {
                details.add(i.inspection().detail());
                gate.stepOnce();
            }
        }, Device.cpu()).gate(gate).run(() -> false);
        assertEquals(plain, held, method + ": looking at its queue, centre or codes changes nothing");
        assertEquals(3, details.size());
        StepDetail d = details.get(2);
        assertFalse(d.summary().isBlank(), method);
        assertFalse(d.bars().isEmpty(), method);
        for (StepDetail.Bars b : d.bars()) {
            assertTrue(b.values().length > 0, method + " " + b.title());
            for (float v : b.values()) {
                assertTrue(Float.isFinite(v), method + " " + b.title());
            }
        }
        d.figures().values().forEach(v -> assertTrue(Double.isFinite(v), method + " " + d.figures()));
        if (method.equals("moco-v2")) {
            assertEquals(32.0, d.figures().get("queue_filled"), "two steps of 16 keys queued before the third");
        }
    }

    @Test
    void aHeldRunWaitsTakesOneStepAtATimeAndStops() throws Exception {
        StepGate gate = new StepGate();
        gate.hold();
        List<Object> events = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Trainer.Result> run = CompletableFuture.supplyAsync(() -> new Trainer(config(), cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                events.add(s.step());
            } else if (e instanceof TrainingEvent.StepInspected i) {
                events.add("shown " + i.inspection().step());
            }
        }, Device.cpu()).gate(gate).run(stop::get));
        waitFor(() -> events.contains("shown 1"));
        Thread.sleep(300);
        assertEquals(List.of("shown 1"), events, "held before its first step");
        gate.stepOnce();
        waitFor(() -> events.contains("shown 2"));
        Thread.sleep(300);
        assertEquals(List.of("shown 1", 1, "shown 2"), events, "one step, then held again");
        stop.set(true);
        Trainer.Result r = run.get(60, TimeUnit.SECONDS);
        assertTrue(r.stoppedEarly());
        assertEquals(1, r.steps());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
