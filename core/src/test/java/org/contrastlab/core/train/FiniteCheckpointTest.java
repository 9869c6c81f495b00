package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.model.BackboneSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run driven to divergence (the issue's {@code --lr 99 --weight-decay 10}) never keeps a
 * checkpoint with NaN or infinite values: the write is refused, the run stops as diverged, and
 * every checkpoint left loads finite.
 */
class FiniteCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void aDivergingRunKeepsOnlyFiniteCheckpoints() throws Exception {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits cifar = new DatasetSplits("cifar10-subset", full.train().head(96), full.test().head(32));
        TrainConfig config = MethodPresets.small("simclr", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32)
                .steps(40).headHidden(32).projectionDim(16).warmupSteps(0).checkpointEvery(1).evalEvery(0)
                .learningRate(99).weightDecay(10).build();
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), config, false);
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> new Trainer(config, cifar, run, ev -> { }, Device.cpu()).run(() -> false));
        assertTrue(e.getMessage().contains("last good checkpoint is kept"), e.getMessage());
        List<Path> kept;
        try (Stream<Path> s = Files.list(run.root().resolve("checkpoints"))) {
            kept = s.filter(p -> p.getFileName().toString().startsWith("step-")).toList();
        }
        assertTrue(!kept.isEmpty(), "a good checkpoint is kept");
        for (Path checkpoint : kept) {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                Block backbone = BackboneSpec.byId("convnet-tiny").newBlock();
                backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                RunDirectory.loadNetwork(checkpoint, "backbone", backbone, manager);
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                backbone.getParameters().forEach(p -> arrays.put(p.getKey(), p.getValue().getArray()));
                assertNull(NonFinite.first(arrays), checkpoint + " holds non-finite values");
            }
        }
    }

    @Test
    void nonFiniteValuesAreFoundByName() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("ok", manager.create(new float[] {1, 2, 3}));
            arrays.put("steps", manager.create(new int[] {7}));
            assertNull(NonFinite.first(arrays));
            arrays.put("running var", manager.create(new float[] {1, Float.POSITIVE_INFINITY}));
            arrays.put("nan", manager.create(new float[] {Float.NaN}));
            assertEquals("running var", NonFinite.first(arrays));
        }
    }
}
