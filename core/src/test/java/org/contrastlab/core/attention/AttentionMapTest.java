package org.contrastlab.core.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.contrastlab.core.model.vit.ViTSize;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.junit.jupiter.api.Test;

/** DINO's mass mask, the upsampling to pixels, the Jaccard index, and reading maps out of a ViT. */
class AttentionMapTest {
    @Test
    void theMassMaskKeepsTheSmallestSetOfTopPatchesHoldingTheMass() {
        float[] map = {0.5f, 0.3f, 0.1f, 0.1f};
        assertArrayEquals(new boolean[] {true, true, false, false}, AttentionMap.massMask(map, 0.6));
        assertArrayEquals(new boolean[] {true, false, false, false}, AttentionMap.massMask(map, 0.45));
        assertArrayEquals(new boolean[] {true, true, true, true}, AttentionMap.massMask(map, 1.0));
        // unnormalised maps are shares of their own total
        assertArrayEquals(AttentionMap.massMask(map, 0.6), AttentionMap.massMask(new float[] {5, 3, 1, 1}, 0.6));
        assertThrows(IllegalArgumentException.class, () -> AttentionMap.massMask(map, 0));
    }

    @Test
    void upsamplingIsBlocksOrASmoothRampThroughThePatchCentres() {
        AttentionMap m = new AttentionMap(0, 2, 2, 8, new float[][] {{0, 1, 2, 3}, {3, 2, 1, 0}});
        float[] nearest = m.upsample(new float[] {0, 1, 2, 3}, 4, 4, false);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3}, nearest);
        float[] smooth = m.upsample(new float[] {0, 1, 2, 3}, 4, 4, true);
        assertEquals(0, smooth[0], 1e-6, "corners clamp to the corner patch");
        assertEquals(0.25, smooth[1], 1e-6, "a quarter of the way from patch 0 to patch 1");
        assertEquals(3, smooth[15], 1e-6);
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, m.mean());
        boolean[] up = m.upsample(new boolean[] {false, true, false, false}, 4, 4);
        assertTrue(up[2] && up[3] && up[6] && up[7] && !up[0] && !up[8]);
    }

    @Test
    void jaccardIsIntersectionOverUnion() {
        assertEquals(1.0 / 3, Jaccard.of(new boolean[] {true, true, false}, new boolean[] {false, true, true}), 1e-12);
        assertEquals(1, Jaccard.of(new boolean[2], new boolean[2]));
        assertEquals(0, Jaccard.of(new boolean[] {true, false}, new boolean[] {false, true}));
    }

    @Test
    void readsOneNormalisedMapPerHeadOnThePatchGridOfAnyImageSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(ViTSize.MICRO, 0, false);
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            AttentionReader reader = new AttentionReader(vit, new ParameterStore(m, false));
            AttentionMap[] maps = reader.read(m.randomUniform(0, 1, new Shape(2, 3, 64, 48)), -1);
            assertEquals(2, maps.length);
            assertEquals(3, maps[0].layer());
            assertEquals(8, maps[0].gridH());
            assertEquals(6, maps[0].gridW());
            assertEquals(4, maps[0].headCount());
            for (float[] head : maps[1].heads()) {
                double sum = 0;
                for (float v : head) {
                    sum += v;
                }
                assertEquals(1, sum, 1e-5);
            }
        }
    }
}
