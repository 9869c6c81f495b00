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
import ai.djl.nn.SequentialBlock;
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
    void resnet18HasTorchvisionsParameterCountWithEitherStem() {
        // torchvision resnet18: 11,689,512 parameters, 513,000 of them in the classifier
        assertParameters("resnet18", 512, 11_176_512, 11_176_512);
        assertParameters("resnet18-cifar", 512, 11_168_832, 11_168_832);
    }

    @Test
    void resnet18KeepsTheResolutionItsStemPromises() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block cifar = ResNet18.build(true);
            cifar.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            // without the final pooling: 32 px → 4×4 after three stride-2 stages
            Block trunk = ((SequentialBlock) cifar).getChildren().values().subList(0, 11).stream()
                    .collect(SequentialBlock::new, SequentialBlock::add, (a, b) -> { });
            Shape cifarMap = trunk.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3, 32, 32))), false)
                    .singletonOrThrow().getShape();
            assertEquals(new Shape(1, 512, 4, 4), cifarMap);
            Block imagenet = ResNet18.build(false);
            imagenet.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            Block trunk2 = ((SequentialBlock) imagenet).getChildren().values().subList(0, 12).stream()
                    .collect(SequentialBlock::new, SequentialBlock::add, (a, b) -> { });
            Shape map = trunk2.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3, 224, 224))), false)
                    .singletonOrThrow().getShape();
            assertEquals(new Shape(1, 512, 7, 7), map, "224 px → 7×7, as torchvision");
        }
    }

    @Test
    void vitsGiveTheirWidthAndRunAtAnotherSizeThanTheyWereMadeFor() {
        // made at 32 px (a 4×4 grid for patch 8), run at 48 px: 128·4·4 with 17 position rows
        assertParameters("vit-micro", 128, 820_352, 820_352);
        assertTrue(BackboneSpec.byId("vit-small").isVit() && !BackboneSpec.byId("resnet18").isVit());
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
