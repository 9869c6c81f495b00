package org.contrastlab.core.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ViT has timm's shapes and sizes, reads out attention, and runs at any image size. */
class VisionTransformerTest {
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void vitSmallHasTimmsParameterCountAt224() {
        // timm vit_small_patch16_224: 22,050,664 parameters, 385,000 of them in the classifier
        assertEquals(21_665_664, trainable(new VisionTransformer(ViTSize.SMALL, 0, false), 224));
        // vit_tiny_patch16_224: 5,717,416 with a classifier of 193,000
        assertEquals(5_524_416, trainable(new VisionTransformer(ViTSize.TINY, 0, false), 224));
    }

    @Test
    void attentionRowsAreDistributionsOverTheTokensOfEveryHead() {
        VisionTransformer vit = micro(false);
        NDArray images = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
        ParameterStore ps = new ParameterStore(m, false);
        for (int layer : new int[] {0, -1}) {
            NDArray a = vit.attention(ps, images, layer);
            assertEquals(new Shape(2, 4, 17, 17), a.getShape(), "B, heads, 1 + 4×4 tokens");
            NDArray sums = a.sum(new int[] {3});
            assertTrue(sums.sub(1).abs().max().getFloat() < 1e-5);
            assertTrue(a.min().getFloat() >= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> vit.attention(ps, images, 4));
    }

    @Test
    void aVitMadeAt32PxRunsOnLargerImagesThroughItsResampledPositionTable() {
        VisionTransformer vit = micro(false);
        ParameterStore ps = new ParameterStore(m, false);
        NDArray out = vit.forward(ps, new NDList(m.randomUniform(0, 1, new Shape(1, 3, 96, 64))), false).singletonOrThrow();
        assertEquals(new Shape(1, 128), out.getShape());
        assertEquals(new Shape(1, 4, 1 + 12 * 8, 1 + 12 * 8), vit.attention(ps, m.ones(new Shape(1, 3, 96, 64)), -1).getShape());
    }

    @Test
    void resamplingKeepsTheTableOnItsOwnGridAndAConstantTableConstant() {
        NDArray table = m.randomUniform(-1, 1, new Shape(1, 1 + 16, 8));
        assertEquals(table, PositionEmbedding.resample(table, 4, 4));
        NDArray constant = m.full(new Shape(1, 1 + 4, 8), 0.5f);
        NDArray big = PositionEmbedding.resample(constant, 7, 5);
        assertEquals(new Shape(1, 1 + 35, 8), big.getShape());
        assertTrue(big.sub(0.5f).abs().max().getFloat() < 1e-5, "bicubic of a constant is the constant");
        // a linear ramp along the columns stays monotone along them after upsampling
        float[] ramp = new float[(1 + 4) * 1];
        ramp[1] = 0;
        ramp[2] = 1;
        ramp[3] = 0;
        ramp[4] = 1;
        float[] up = PositionEmbedding.resample(m.create(ramp, new Shape(1, 5, 1)), 2, 4).toFloatArray();
        assertTrue(up[1] < up[2] && up[2] < up[3] && up[3] < up[4], Arrays.toString(up));
        assertThrows(IllegalArgumentException.class, () -> PositionEmbedding.resample(m.zeros(new Shape(1, 1 + 6, 4)), 2, 2));
    }

    @Test
    void sinCosTableIsMoCoV3s() {
        float[] t = PositionEmbedding.sinCos(2, 8);
        // CLS row zero; patch 3 sits at (r, c) = (1, 1); ω = [1, 1/100] for D/4 = 2
        for (int i = 0; i < 8; i++) {
            assertEquals(0, t[i]);
        }
        float[] patch3 = Arrays.copyOfRange(t, 4 * 8, 5 * 8);
        float s1 = (float) Math.sin(1);
        float c1 = (float) Math.cos(1);
        float s2 = (float) Math.sin(0.01);
        float c2 = (float) Math.cos(0.01);
        assertArrayEquals(new float[] {s1, s2, c1, c2, s1, s2, c1, c2}, patch3, 1e-6f);
        float[] patch1 = Arrays.copyOfRange(t, 2 * 8, 3 * 8); // (0, 1)
        assertArrayEquals(new float[] {0, 0, 1, 1, s1, s2, c1, c2}, patch1, 1e-6f);
        VisionTransformer fixed = micro(true);
        assertTrue(!fixed.posEmbed().requiresGradient(), "the sin-cos table is not trained");
        assertEquals(fixed.posEmbed().getArray().toFloatArray()[17 * 128 - 1],
                PositionEmbedding.sinCos(4, 128)[17 * 128 - 1], 1e-6f);
    }

    @Test
    void gradientsReachTheTokensAndDropPathDropsWholeSamples() {
        VisionTransformer vit = new VisionTransformer(ViTSize.MICRO, 0.5f, false);
        vit.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        try (NDManager scope = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray x = scope.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = vit.forward(ps, new NDList(x), true).singletonOrThrow();
                c.backward(out.square().sum());
            }
            for (Parameter p : new Parameter[] {vit.clsToken(), vit.posEmbed(), vit.patchEmbed().getParameters().get("weight")}) {
                assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName() + " has a gradient");
            }
            NDArray a = vit.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray b = vit.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(a, b, "no randomness in inference");
        }
    }

    private static VisionTransformer micro(boolean sinCos) {
        VisionTransformer vit = new VisionTransformer(ViTSize.MICRO, 0, sinCos);
        vit.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        return vit;
    }

    private static long trainable(VisionTransformer vit, int imageSize) {
        try (NDManager scope = m.newSubManager()) {
            vit.initialize(scope, DataType.FLOAT32, new Shape(1, 3, imageSize, imageSize));
            long count = 0;
            for (Pair<String, Parameter> p : vit.getParameters()) {
                count += p.getValue().getArray().size();
            }
            return count;
        }
    }
}
