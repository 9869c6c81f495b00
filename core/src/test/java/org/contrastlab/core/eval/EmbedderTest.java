package org.contrastlab.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.contrastlab.core.TestData;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.model.BackboneSpec;
import org.junit.jupiter.api.Test;

/**
 * Large images are embedded a few at a time (a batch of 256 ResNet-50 images at 224 px took a
 * 24 GB machine's memory), and the features do not depend on how many go at once.
 */
class EmbedderTest {
    @Test
    void largeImagesGoInSmallBatchesWithTheSameFeatures() {
        assertEquals(256, Embedder.batchFor(32));
        assertEquals(64, Embedder.batchFor(64));
        assertEquals(8, Embedder.batchFor(224));
        ImageStore images = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults()).test().head(21);
        try (NDManager manager = NDManager.newBaseManager(); NoGrad off = NoGrad.enter()) {
            Block net = BackboneSpec.byId("convnet-tiny").newBlock();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Normalization norm = Normalization.named("cifar10", null);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] whole = new Embedder(net, ps, norm, 32, 256).embed(images, manager).toFloatArray();
            float[] bySix = new Embedder(net, ps, norm, 32, 6).embed(images, manager).toFloatArray();
            assertArrayEquals(whole, bySix, 1e-5f);
        }
    }
}
