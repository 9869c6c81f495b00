package org.contrastlab.core.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.contrastlab.core.TestData;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probe images followed during a real (short) ViT run on CIFAR-10 images. */
class AttentionProbeTest {
    private static DatasetSplits cifar;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(128), full.test().head(100));
    }

    @Test
    void choosesOneImageOfEachClassFirst() {
        int[] chosen = AttentionProbe.choose(cifar.test(), 6);
        assertEquals(6, chosen.length);
        assertEquals(6, Arrays.stream(chosen).map(i -> cifar.test().label(i)).distinct().count(), Arrays.toString(chosen));
        ImageStore unlabelled = ImageStore.concat(List.of(cifar.test().head(3)));
        assertArrayEquals(new int[] {0, 1, 2}, AttentionProbe.choose(unlabelled, 6));
    }

    @Test
    void readsEveryProbesAttentionOnItsCadenceWhileAViTTrains() {
        ImageStore probes = cifar.test().subset(AttentionProbe.choose(cifar.test(), 5));
        List<AttentionProbe.Probed> seen = new ArrayList<>();
        AtomicInteger every = new AtomicInteger(2);
        TrainConfig config = MethodPresets.small("dino", "cifar10-subset").toBuilder().backbone("vit-micro")
                .batchSize(16).steps(5).evalEvery(0).checkpointEvery(0).warmupSteps(1).build();
        new Trainer(config, cifar, null, e -> { }, Device.cpu())
                .observe(new AttentionProbe(probes, every::get, seen::add)).run(() -> false);
        assertEquals(List.of(0, 2, 4), seen.stream().map(AttentionProbe.Probed::step).toList());
        for (AttentionProbe.Probed p : seen) {
            assertEquals(5, p.maps().size());
            for (FullAttention a : p.maps()) {
                assertEquals(3, a.layer(), "the last of vit-micro's 4 blocks");
                assertEquals(4, a.gridW());
                float[] cls = a.map(0).map(-1);
                double sum = 0;
                for (float v : cls) {
                    assertTrue(Float.isFinite(v));
                    sum += v;
                }
                assertEquals(1, sum, 1e-4);
            }
        }
        // the maps follow the weights: after 4 steps the attention has changed
        assertFalse(Arrays.equals(seen.get(0).maps().get(0).weights(), seen.get(2).maps().get(0).weights()));

        // a ConvNet has no attention, and a cadence of 0 pauses the probe: nothing is read
        seen.clear();
        TrainConfig conv = config.toBuilder().backbone("convnet-tiny").steps(2).build();
        new Trainer(conv, cifar, null, e -> { }, Device.cpu())
                .observe(new AttentionProbe(probes, () -> 1, seen::add)).run(() -> false);
        every.set(0);
        new Trainer(config.toBuilder().steps(2).build(), cifar, null, e -> { }, Device.cpu())
                .observe(new AttentionProbe(probes, every::get, seen::add)).run(() -> false);
        assertTrue(seen.isEmpty());
    }
}
