package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
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
    void aViTAndMoreOffsetsThanRowsAreRefused() {
        InvalidConfigException vit = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cpc-v2", "cifar10").toBuilder().backbone("vit-micro").build());
        assertTrue(vit.getMessage().contains("vit-micro is a ViT"), vit.getMessage());
        InvalidConfigException offsets = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cpc-v2", "cifar10").toBuilder().methodParams(Map.of("offsets", 7.0)).build());
        assertTrue(offsets.getMessage().contains("offsets=7 must be below the grid's 7 rows"), offsets.getMessage());
    }
}
