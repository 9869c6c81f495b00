package org.contrastlab.core.model.swin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.contrastlab.core.model.BackboneSpec;
import org.junit.jupiter.api.Test;

/** The Swin Transformer: timm's Swin-T parameter for parameter, and windows that attend only within themselves. */
class SwinTransformerTest {

    private static long parameters(SwinTransformer swin) {
        long n = 0;
        for (Pair<String, Parameter> p : swin.getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    @Test
    void swinTinyHasTimmsParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SwinTransformer swin = (SwinTransformer) BackboneSpec.byId("swin-tiny").newBlock();
            swin.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            // timm's swin_tiny_patch4_window7_224 has 28,288,354 parameters; its classifier (768 × 1000 + 1000) is not a backbone's
            assertEquals(28_288_354L - 769_000L, parameters(swin));
            assertEquals(768, BackboneSpec.byId("swin-tiny").featureDim());
            assertEquals(new int[] {56, 28, 14, 7}[3], swin.tokens(3));
        }
    }

    @Test
    void microRunsOnThirtyTwoPixelsWithShiftedWindows() {
        try (NDManager m = NDManager.newBaseManager()) {
            SwinTransformer swin = (SwinTransformer) BackboneSpec.byId("swin-micro").newBlock();
            swin.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
            NDArray features = swin.forward(ps, new NDList(images), false).singletonOrThrow();
            assertEquals(new Shape(2, 192), features.getShape());
            assertTrue(parameters(swin) < 1_500_000, "micro: " + parameters(swin));
            // stage 0: 16 × 16 tokens in windows of 4, the second block shifted by 2
            assertEquals(0, swin.shift(0, 0));
            assertEquals(2, swin.shift(0, 1));
            // the last stage (4 × 4 tokens) is one window, never shifted
            assertEquals(4, swin.window(2));
            assertEquals(0, swin.shift(2, 1));
            NDArray a = swin.windowAttention(ps, images, 0, 1);
            assertEquals(new Shape(2, 16, 3, 16, 16), a.getShape());
            float[] rowSums = a.sum(new int[] {4}).toFloatArray();
            for (float s : rowSums) {
                assertEquals(1, s, 1e-4);
            }
        }
    }

    @Test
    void aShiftedWindowKeepsWrappedTokensApart() {
        // 8 × 8 tokens, windows of 4, shift 2: the last window (bottom right) holds tokens from four regions
        float[] mask = WindowGeometry.shiftMask(8, 8, 4, 2);
        int n = 16;
        int last = 3;
        // token 0 of that window (row 4, col 4) and token 15 (row 7, col 7, wrapped from the top left) are apart
        assertEquals(-100f, mask[(last * n) * n + 15]);
        // two tokens of the first window (no wrap) attend to each other
        assertEquals(0f, mask[5]);
        int[] index = WindowGeometry.relativeIndex(2);
        // window of 2: (0,0) to (1,1) is offset (−1, −1) → (0)·3 + 0; (1,1) to (0,0) is (+1, +1) → 2·3 + 2
        assertArrayEquals(new int[] {4, 3, 1, 0}, new int[] {index[0], index[1], index[2], index[3]});
        assertEquals(8, index[3 * 4]);
    }
}
