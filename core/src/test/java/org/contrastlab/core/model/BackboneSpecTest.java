package org.contrastlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** The registered backbones are what their descriptions say. */
class BackboneSpecTest {
    @Test
    void convnetsGiveTheirFeatureWidthAndParameterCount() {
        assertParameters("convnet-small", 256, 0.38e6, 0.40e6);
        assertParameters("convnet-tiny", 128, 0.09e6, 0.11e6);
    }

    @Test
    void unknownBackboneNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneSpec.byId("resnet-7"));
        assertTrue(e.getMessage().contains("convnet-small"), e.getMessage());
    }

    private static void assertParameters(String id, int dim, double min, double max) {
        BackboneSpec spec = BackboneSpec.byId(id);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.newBlock();
            b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            Shape out = b.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(5, 3, 48, 48))), false)
                    .singletonOrThrow().getShape();
            assertEquals(new Shape(5, dim), out);
            assertEquals(dim, spec.featureDim());
            long count = 0;
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    count += p.getValue().getArray().size();
                }
            }
            assertTrue(count >= min && count <= max, id + " has " + count + " trainable parameters");
        }
    }
}
