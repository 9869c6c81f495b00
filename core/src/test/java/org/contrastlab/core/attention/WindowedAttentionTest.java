package org.contrastlab.core.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.swin.SwinSize;
import org.contrastlab.core.model.swin.SwinTransformer;
import org.junit.jupiter.api.Test;

/** A Swin's window attention put back on the token grid: each token attends within its own window, at the right places. */
class WindowedAttentionTest {

    @Test
    void layersCountOverTheStages() {
        assertEquals(6, WindowedAttention.layers(SwinSize.MICRO));
        assertArrayEquals(new int[] {1, 0}, WindowedAttention.stageAndBlock(SwinSize.MICRO, 2));
        assertArrayEquals(new int[] {2, 1}, WindowedAttention.stageAndBlock(SwinSize.MICRO, -1));
        assertArrayEquals(new int[] {2, 5}, WindowedAttention.stageAndBlock(SwinSize.TINY, 9));
        assertThrows(IllegalArgumentException.class, () -> WindowedAttention.stageAndBlock(SwinSize.MICRO, 6));
    }

    @Test
    void eachTokenAttendsWithinItsWindowPlainOrShifted() {
        try (NDManager m = NDManager.newBaseManager()) {
            SwinTransformer swin = (SwinTransformer) BackboneSpec.byId("swin-micro").newBlock();
            swin.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray image = m.randomUniform(-1, 1, new Shape(1, 3, 32, 32));

            WindowedAttention plain = WindowedAttention.read(swin, ps, image, 0, 4);
            FullAttention a = plain.attention();
            assertEquals(16, a.gridW());
            assertEquals(3, a.heads());
            assertEquals(4, a.patch());
            int[] windows = plain.windowOf();
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    assertEquals(r / 4 * 4 + c / 4, windows[r * 16 + c], "plain windows are aligned 4 × 4 blocks");
                }
            }
            // token (5, 6) is place (1, 2) of window (1, 1); key (4, 7) is place (0, 3) there
            float[] raw = swin.windowAttention(ps, image, 0, 0).toFloatArray(); // (1, 16, 3, 16, 16)
            int t = a.tokens();
            assertEquals(raw[((5 * 3 + 1) * 16 + 6) * 16 + 3], a.weights()[(t + a.patchToken(5, 6)) * t + a.patchToken(4, 7)], 1e-7);
            assertWithinWindows(a, windows);

            WindowedAttention shifted = WindowedAttention.read(swin, ps, image, 1, 4);
            assertEquals(2, shifted.shift());
            int[] moved = shifted.windowOf();
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    int expected = Math.floorMod(r - 2, 16) / 4 * 4 + Math.floorMod(c - 2, 16) / 4;
                    assertEquals(expected, moved[r * 16 + c], "windows moved by the shift, wrapping at the edges");
                }
            }
            assertWithinWindows(shifted.attention(), moved);
            // the mask keeps a wrapped window's pieces apart: no token attends across the image's edge
            FullAttention s = shifted.attention();
            for (int q = 0; q < 256; q++) {
                for (int k = 0; k < 256; k++) {
                    if (s.weights()[(1 + q) * t + 1 + k] > 1e-6) {
                        assertTrue(Math.abs(q / 16 - k / 16) < 4 && Math.abs(q % 16 - k % 16) < 4, q + " attends to " + k);
                    }
                }
            }
            // the first row (no CLS) is the tokens' mean row: it sums to 1
            assertEquals(1, sum(s.weights(), 0, t), 1e-4);

            WindowedAttention last = WindowedAttention.read(swin, ps, image, -1, 8);
            assertEquals(4, last.attention().gridW());
            assertEquals(5, last.attention().layer());
            assertEquals(0, last.shift());
            assertTrue(last.describe(6).startsWith("stage 3, block 2 (layer 6 of 6): 1×1 windows of 4×4 tokens"), last.describe(6));
        }
    }

    private static void assertWithinWindows(FullAttention a, int[] windows) {
        int t = a.tokens();
        for (int h = 0; h < a.heads(); h++) {
            for (int q = 0; q < t - 1; q++) {
                int row = (h * t + 1 + q) * t;
                assertEquals(1, sum(a.weights(), row, t), 1e-4, "head " + h + " token " + q);
                for (int k = 0; k < t - 1; k++) {
                    if (windows[k] != windows[q]) {
                        assertEquals(0f, a.weights()[row + 1 + k], "token " + q + " to " + k + " of another window");
                    }
                }
            }
        }
    }

    private static double sum(float[] w, int from, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += w[from + i];
        }
        return s;
    }
}
