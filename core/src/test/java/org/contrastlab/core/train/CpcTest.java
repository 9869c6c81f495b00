package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.CausalContext;
import org.contrastlab.core.model.PatchGrid;
import org.junit.jupiter.api.Test;

/** CPC v2's grid of patches, its context that never sees the rows it predicts, and what it refuses. */
class CpcTest {

    @Test
    void aThirtyTwoPixelImageIsSevenBySevenPatchesOfEightEveryFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            PatchGrid grid = new PatchGrid(BackboneSpec.byId("convnet-tiny").newBlock(), 7);
            NDArray images = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            NDArray patches = grid.patches(images);
            assertEquals(new Shape(2 * 49, 3, 8, 8), patches.getShape());
            // image 1, row 2, column 5: pixels 8–15 down, 20–27 across
            NDArray expected = images.get(new NDIndex("1, :, 8:16, 20:28"));
            assertArrayEquals(expected.toFloatArray(), patches.get(49 + 2 * 7 + 5).toFloatArray());
            grid.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            assertEquals(new Shape(2, 128, 7, 7), grid.patchFeatures(ps, images, false).getShape());
            assertEquals(new Shape(2, 128), grid.forward(ps, new NDList(images), false).singletonOrThrow().getShape());
        }
    }

    @Test
    void theContextOfARowSeesNoRowBelowIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            CausalContext context = new CausalContext(16, 3);
            context.initialize(m, DataType.FLOAT32, new Shape(2, 16, 7, 7));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = m.randomNormal(new Shape(2, 16, 7, 7));
            NDArray changed = z.duplicate();
            changed.set(new NDIndex(":, :, 4:, :"), m.randomNormal(new Shape(2, 16, 3, 7)));
            NDArray a = context.forward(ps, new NDList(z), false).singletonOrThrow();
            NDArray b = context.forward(ps, new NDList(changed), false).singletonOrThrow();
            assertArrayEquals(a.get(":, :, 0:4, :").toFloatArray(), b.get(":, :, 0:4, :").toFloatArray(), 1e-6f,
                    "rows 0–3 are the same whatever rows 4–6 hold");
            float diff = b.get(":, :, 4:, :").sub(a.get(":, :, 4:, :")).abs().max().getFloat();
            assertTrue(diff > 1e-3, "row 4 on sees what changed: " + diff);
        }
    }

    @Test
    void eachDirectionAddsItsOwnPredictionsOfEveryOffset() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits cifar = new DatasetSplits("cifar10-subset", full.train().head(64), full.test().head(32));
        Map<Integer, Double> firstLoss = new TreeMap<>();
        for (int directions : new int[] {1, 2, 4}) {
            TrainConfig config = MethodPresets.small("cpc-v2", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(8)
                    .steps(1).checkpointEvery(0).evalEvery(0).methodParams(Map.of("directions", (double) directions)).build();
            new Trainer(config, cifar, null, e -> {
                if (e instanceof TrainingEvent.StepCompleted s) {
                    firstLoss.put(directions, s.loss());
                    for (int k = 1; k <= 2; k++) {
                        double accuracy = s.monitors().get("prediction_accuracy_" + k);
                        assertTrue(accuracy >= 0 && accuracy <= 1, directions + " directions, offset " + k + ": " + accuracy);
                    }
                }
            }, Device.cpu()).run(() -> false);
        }
        // untrained, no direction predicts better than chance: each of the 2 offsets × directions terms is at least near
        // log(8 images · 9 patches)
        double perTerm = Math.log(8 * 9);
        for (Map.Entry<Integer, Double> e : firstLoss.entrySet()) {
            double terms = 2.0 * e.getKey();
            assertEquals(e.getKey(), e.getValue() / firstLoss.get(1), 0.1 * e.getKey(), "loss with " + e.getKey() + " directions "
                    + firstLoss);
            assertTrue(e.getValue() / terms > 0.9 * perTerm, "per term " + e.getValue() / terms
                    + " against log(72) = " + perTerm);
        }
    }

    @Test
    void aViTAndMoreOffsetsThanRowsAreRefused() {
        InvalidConfigException vit = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cpc-v2", "cifar10").toBuilder().backbone("vit-micro").build());
        assertTrue(vit.getMessage().contains("vit-micro is a ViT"), vit.getMessage());
        InvalidConfigException offsets = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cpc-v2", "cifar10").toBuilder().methodParams(Map.of("offsets", 7.0)).build());
        assertTrue(offsets.getMessage().contains(
                "offsets=7 from first_offset=1 reaches 7 rows below, which must be below the grid's 3 rows"), offsets.getMessage());
        InvalidConfigException three = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cpc-v2", "cifar10").toBuilder().methodParams(Map.of("directions", 3.0)).build());
        assertTrue(three.getMessage().contains("directions=3: take 1"), three.getMessage());
        InvalidConfigException far = assertThrows(InvalidConfigException.class, () -> MethodPresets.small("cpc-v2", "cifar10")
                .toBuilder().methodParams(Map.of("grid", 7.0, "offsets", 3.0, "first_offset", 5.0)).build());
        assertTrue(far.getMessage().contains("from first_offset=5 reaches 7 rows below, which must be below the grid's 7"),
                far.getMessage());
    }

    @Test
    void skippingTheNearRowsPredictsAndReportsTheFarOnes() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits cifar = new DatasetSplits("cifar10-subset", full.train().head(64), full.test().head(32));
        TrainConfig config = MethodPresets.small("cpc-v2", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(8)
                .steps(1).checkpointEvery(0).evalEvery(0).methodParams(Map.of("grid", 7.0, "offsets", 3.0, "first_offset", 3.0)).build();
        List<Map<String, Double>> monitors = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                monitors.add(s.monitors());
            }
        }, Device.cpu()).run(() -> false);
        Map<String, Double> m = monitors.get(0);
        assertTrue(m.keySet().containsAll(List.of("prediction_accuracy_3", "prediction_accuracy_4", "prediction_accuracy_5")), "" + m);
        assertFalse(m.containsKey("prediction_accuracy_1") || m.containsKey("prediction_accuracy_6"), "" + m);
    }
}
