package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.contrastlab.core.model.vit.PositionEmbedding;
import org.contrastlab.core.model.vit.ViTSize;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.junit.jupiter.api.Test;

/** MoCo v3's contrast and its ViT options. */
class MoCoV3Test {
    @Test
    void contrastIsTwoTauTimesCrossEntropyWithTheDiagonal() {
        try (NDManager m = NDManager.newBaseManager()) {
            float tau = 0.2f;
            // orthogonal unit rows: each positive scores 1/τ, every negative 0
            double n = 4;
            double expected = -Math.log(Math.exp(1 / tau) / (Math.exp(1 / tau) + n - 1)) * 2 * tau;
            double got = MoCoV3.contrast(m.eye(4).mul(3), m.eye(4), tau).getFloat();
            assertEquals(expected, got, 1e-5, "rows are normalised first");
            // a query aligned with another image's key: that key wins the softmax
            float[] q = {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
            double swapped = MoCoV3.contrast(m.create(q, new Shape(4, 4)), m.eye(4), tau).getFloat();
            assertTrue(swapped > got + 1, swapped + " vs " + got);
        }
    }

    @Test
    void withAViTThePatchProjectionIsFrozenAndThePositionsAreSinCos() {
        MethodSpec spec = MethodSpec.byId("moco-v3");
        MethodContext context = new MethodContext(128, 2, 2, 100, 10, 8, new MethodOptions(64, 32, 0.2f),
                MethodParams.resolve(spec, Map.of()));
        SslMethod method = spec.create(() -> new VisionTransformer(ViTSize.MICRO, 0, false), context);
        try (NDManager m = NDManager.newBaseManager()) {
            method.initialize(m, 32);
            VisionTransformer vit = (VisionTransformer) method.backbone();
            for (Parameter p : vit.patchEmbedding().getParameters().values()) {
                assertFalse(p.requiresGradient(), "patch projection " + p.getName() + " frozen");
            }
            assertFalse(vit.positionTable().requiresGradient());
            assertEquals(PositionEmbedding.sinCos(4, 128)[5 * 128 + 7],
                    vit.positionTable().getArray().toFloatArray()[5 * 128 + 7], 1e-6f);
            assertTrue(vit.blocks().get(0) == vit.firstTrainableLayer(), "the first trained layer is then the first block");
        }
        SslMethod plain = spec.create(() -> new VisionTransformer(ViTSize.MICRO, 0, false), new MethodContext(128, 2, 2, 100, 10, 8,
                new MethodOptions(64, 32, 0.2f), MethodParams.resolve(spec, Map.of("frozen_patch_projection", 0.0, "sincos_positions",
                        0.0))));
        try (NDManager m = NDManager.newBaseManager()) {
            plain.initialize(m, 32);
            VisionTransformer vit = (VisionTransformer) plain.backbone();
            assertTrue(vit.positionTable().requiresGradient());
            assertTrue(vit.firstTrainableLayer() == vit.patchEmbedding());
        }
    }
}
