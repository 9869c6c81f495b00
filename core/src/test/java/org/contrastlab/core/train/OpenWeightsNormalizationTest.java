package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.ViTSize;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our exports keep the normalisation the network trained with, and opening them feeds images
 * normalised that way; a file without it (a published one) gets ImageNet's.
 */
class OpenWeightsNormalizationTest {
    @TempDir
    Path tmp;

    @Test
    void anExportOpensWithItsOwnNormalisationAndAPublishedFileWithImageNets() throws IOException {
        Normalization shapes = new Normalization(new float[] {0.41f, 0.52f, 0.6f}, new float[] {0.21f, 0.25f, 0.3f});
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(ViTSize.MICRO, 0, true);
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Path ours = tmp.resolve("ours.safetensors");
            TimmWeights.export(vit, true, Map.of(TimmWeights.NORMALIZATION, shapes.format()), ours);
            TrainingModel.Opened opened = TrainingModel.openWeights(ours, null, null, null, m);
            assertArrayEquals(shapes.mean(), opened.loaded().normalization().mean());
            assertArrayEquals(shapes.std(), opened.loaded().normalization().std());
            assertTrue(opened.description().contains("normalised as it was trained"), opened.description());

            Path published = tmp.resolve("published.safetensors");
            TimmWeights.export(vit, true, published);
            Normalization imagenet = TrainingModel.openWeights(published, null, null, null, m).loaded().normalization();
            assertArrayEquals(Normalization.named("imagenet", null).mean(), imagenet.mean());

            Path lying = tmp.resolve("lying.safetensors");
            TimmWeights.export(vit, true, Map.of(TimmWeights.NORMALIZATION, "mean 0.5,0.5,0.5 std 0,1,1"), lying);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingModel.openWeights(lying, null, null, null, m));
            assertTrue(e.getMessage().startsWith(lying + ": its metadata contrastlab.normalization"), e.getMessage());
        }
    }

    @Test
    void theTextFormRoundTripsExactly() {
        Normalization n = Normalization.named("cifar10", null);
        Normalization back = Normalization.parse(n.format());
        assertArrayEquals(n.mean(), back.mean());
        assertArrayEquals(n.std(), back.std());
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("mean 1,2 std 1,1,1"));
    }
}
