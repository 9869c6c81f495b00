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
import org.contrastlab.core.model.vit.ViTSize;
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
    void thePublishedShapesHaveTheReferencesParameterCounts() {
        // timm without the classifier, at 224 px: vit_small_patch16_224 22,050,664 − 385,000;
        // vit_base_patch16_224 86,567,656 − 769,000; torchvision resnet50 25,557,032 − 2,049,000
        assertEquals(21_665_664L, trainable("vit-small", 224));
        assertEquals(21_665_664L, trainable("vit-small-12h", 224), "MoCo v3's ViT-S: the same tensors, 12 heads");
        assertEquals(85_798_656L, trainable("vit-base", 224));
        assertEquals(21_665_664L - 3 * (16 * 16 - 8 * 8) * 384 + (785 - 197) * 384, trainable("vit-small-p8", 224),
                "patch 8: a smaller projection, 28×28 + 1 position rows");
        assertEquals(23_508_032L, trainable("resnet50", 64));
        assertEquals("vit-small-12h", BackboneSpec.vitOf(new ViTSize(384, 12, 12, 16)).orElseThrow().id());
    }

    private static long trainable(String id, int size) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = BackboneSpec.byId(id).newBlock();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
            return b.getParameters().values().stream().filter(Parameter::requiresGradient).mapToLong(p -> p.getArray().size()).sum();
        }
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
