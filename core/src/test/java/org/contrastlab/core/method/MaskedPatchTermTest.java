package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** iBOT's masks: how many patches each view hides, and that exactly those pixels are blanked. */
class MaskedPatchTermTest {
    private static MaskedPatchTerm term(double ratio, double share) {
        return new MaskedPatchTerm(MethodParams.resolve(Dino.SPEC, Map.of("patch_loss", 1.0, "mask_ratio", ratio, "mask_share",
                share)), 10);
    }

    @Test
    void aMaskedViewHidesAShareOfItsPatchesWithinTheRatiosRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] masks = term(0.3, 1).draw(m, 400, 16).toFloatArray();
            int least = 16;
            int most = 0;
            for (int b = 0; b < 400; b++) {
                int hidden = 0;
                for (int n = 0; n < 16; n++) {
                    float v = masks[b * 16 + n];
                    assertTrue(v == 0 || v == 1, "mask values are 0 or 1: " + v);
                    hidden += (int) v;
                }
                least = Math.min(least, hidden);
                most = Math.max(most, hidden);
            }
            // ⌊r·16⌋ with r in [0.1, 0.5): 1 to 7 patches, and both ends come up in 400 draws
            assertEquals(1, least);
            assertEquals(7, most);
        }
    }

    @Test
    void aboutTheShareOfViewsIsMaskedAndTheRestIsWhole() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] masks = term(0.5, 0.5).draw(m, 1000, 16).toFloatArray();
            int masked = 0;
            for (int b = 0; b < 1000; b++) {
                float sum = 0;
                for (int n = 0; n < 16; n++) {
                    sum += masks[b * 16 + n];
                }
                masked += sum > 0 ? 1 : 0;
            }
            assertTrue(masked > 430 && masked < 570, masked + " of 1000 views masked at share 0.5");
            assertEquals(0, term(0.3, 0).draw(m, 50, 16).sum().getFloat(), "share 0 masks nothing");
        }
    }

    @Test
    void hidingBlanksExactlyTheMaskedPatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two images of 3 × 8 × 12 px, patches of 4: a 2 × 3 grid, and two spare pixel rows below it
            NDArray images = m.randomUniform(1f, 2f, new Shape(2, 3, 10, 12));
            NDArray masks = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, new Shape(2, 6));
            float[] out = MaskedPatchTerm.hide(images, masks, new int[] {2, 3}, 4).toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 10; y++) {
                        for (int x = 0; x < 12; x++) {
                            float v = out[((b * 3 + c) * 10 + y) * 12 + x];
                            boolean blank = b == 0 && y < 8 && (y / 4 == 0 && x / 4 == 0 || y / 4 == 1 && x / 4 == 2);
                            assertTrue(blank ? v == 0 : v >= 1, "image " + b + " pixel (" + y + ", " + x + "): " + v);
                        }
                    }
                }
            }
        }
    }
}
