package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.method.MethodSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A garbage collection between a step's forward and backward pass, with the freed native memory
 * then filled with NaN, must not change anything: every method's losses and gradient norms are
 * the same as without it. (DJL's scalar ops leave autograd holding tensors over Java buffers
 * that a collection frees; before {@code Scalars}, every method diverged at its second step here.)
 */
class GarbageCollectionTest {
    private static DatasetSplits cifar;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(64), full.test().head(32));
    }

    static Stream<String[]> runs() {
        Stream<String[]> convNets = MethodSpec.all().stream().map(m -> new String[] {m.id(), "convnet-tiny"});
        return Stream.concat(convNets, Stream.of(new String[] {"dino", "vit-micro"}, new String[] {"moco-v3", "vit-micro"}));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("runs")
    void aCollectionBetweenForwardAndBackwardChangesNothing(String method, String backbone) {
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone(backbone)
                .batchSize(16).steps(3).evalEvery(0).checkpointEvery(0).warmupSteps(1).build();
        if (method.equals("instdisc") || method.equals("cmc")) { // a bank of 64 images: fewer noise samples than 4096
            config = config.toBuilder().methodParams(Map.of("negatives", 32.0)).build();
        }
        List<double[]> calm = run(config, TrainingSession.Probes.NONE);
        List<double[]> collected = run(config, new TrainingSession.Probes(GarbageCollectionTest::collectAndPoison, LossScaler.INITIAL));
        assertEquals(calm.size(), collected.size());
        for (int i = 0; i < calm.size(); i++) {
            assertTrue(Double.isFinite(collected.get(i)[1]), method + " step " + (i + 1) + ": gradient norm " + collected.get(i)[1]);
            assertEquals(calm.get(i)[0], collected.get(i)[0], 1e-5 * Math.abs(calm.get(i)[0]), method + " loss at step " + (i + 1));
            assertEquals(calm.get(i)[1], collected.get(i)[1], 1e-4 * Math.abs(calm.get(i)[1]), method + " gradient norm at step " + (i
                    + 1));
        }
    }

    private static List<double[]> run(TrainConfig config, TrainingSession.Probes probes) {
        List<double[]> out = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                out.add(new double[] {s.loss(), s.monitors().get("grad_norm")});
            }
        }, Device.cpu()).probes(probes).run(() -> false);
        return out;
    }

    /** Frees what is unreachable (direct buffers included), then reuses small native blocks with NaN. */
    private static void collectAndPoison() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> poison = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putFloat(0, Float.NaN);
            poison.add(b);
        }
        poison.clear();
    }
}
