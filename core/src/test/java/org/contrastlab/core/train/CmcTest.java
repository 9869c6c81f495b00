package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.ColourSplit;
import org.junit.jupiter.api.Test;

/** CMC: one encoder per colour view, and the combinations it refuses before training. */
class CmcTest {
    private static final Normalization INPUT = new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.25f, 0.2f, 0.3f});

    @Test
    void eachViewSeesOnlyItsOwnChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            ColourSplit split = new ColourSplit(ColourSplit.L_AB, BackboneSpec.byId("convnet-tiny")::newBlock, INPUT);
            split.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            // two grey images of different brightness, standardised as the views are
            NDArray grey = m.ones(new Shape(1, 3, 32, 32)).mul(m.create(new float[] {0.2f, 0.7f}).reshape(2, 1, 1, 1));
            NDArray x = INPUT.apply(grey);
            List<NDArray> parts = split.parts(ps, x, false);
            assertEquals(128, parts.get(0).getShape().get(1));
            float[] l0 = parts.get(0).get(0).toFloatArray();
            float[] l1 = parts.get(0).get(1).toFloatArray();
            float[] ab0 = parts.get(1).get(0).toFloatArray();
            float[] ab1 = parts.get(1).get(1).toFloatArray();
            double lApart = 0;
            for (int i = 0; i < l0.length; i++) {
                lApart = Math.max(lApart, Math.abs(l0[i] - l1[i]));
            }
            assertTrue(lApart > 1e-2, "the L encoder tells the two brightnesses apart: " + lApart);
            // grey has a and b within 0.003 of 0 (scikit-image's matrix rows sum to D65's white to 5 digits)
            assertArrayEquals(ab0, ab1, 1e-4f, "the ab encoder sees no colour in either grey image");
            // the features evaluated are both views' side by side
            NDArray whole = split.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 256), whole.getShape());
            assertArrayEquals(ab0, whole.get(0).get("128:").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aViTIsRefusedNamingTheBackbonesThatFit() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("cmc", "cifar10").toBuilder().backbone("vit-micro").build());
        assertTrue(e.getMessage().contains("vit-micro is a ViT") && e.getMessage().contains("convnet-small"), e.getMessage());
    }

    @Test
    void greyImagesAreRefusedBeforeTraining() {
        int n = 8;
        byte[] pixels = new byte[n * 3 * 16 * 16];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 768, (i + 1) * 768, (byte) (20 * i));
        }
        ImageStore grey = new ImageStore(pixels, new int[n], List.of("one"), null, 16, 16);
        assertTrue(grey.isGreyscale());
        TrainConfig config = MethodPresets.small("cmc", "scans").toBuilder().batchSize(4).methodParams(Map.of("negatives", 4.0))
                .build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> config.checkAgainst(grey, "scans"));
        assertTrue(e.getMessage().contains("every image of scans is grey"), e.getMessage());
        pixels[5] = 1; // one coloured pixel: the check passes
        config.checkAgainst(new ImageStore(pixels, new int[n], List.of("one"), null, 16, 16), "coloured");
    }

    @Test
    void aPublishedBackboneCannotStartIt() {
        TrainConfig config = MethodPresets.small("cmc", "cifar10").toBuilder().initFrom("weights.safetensors", null).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> BackboneInit.check(config));
        assertTrue(e.getMessage().contains("one convnet-small per colour view"), e.getMessage());
    }
}
