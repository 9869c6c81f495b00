package org.contrastlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.io.torch.TorchCheckpoint;
import org.contrastlab.core.model.vit.PublishedViTFixturesTest;
import org.junit.jupiter.api.Test;

/**
 * ResNet-50 in torchvision's layout: its parameter count, its names, and a MoCo v2 checkpoint
 * around a narrow torchvision ResNet-50 ({@code benchmarks/torch_checkpoint_fixtures.py})
 * computing what PyTorch computed, to 1e-4.
 */
class TorchvisionResNetTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/torch");

    @Test
    void resNet50HasTorchvisionsParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = ResNet50.build(64);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            long trainable = net.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size()).sum();
            // torchvision.models.resnet50: 25,557,032 with its 2048 × 1000 classifier (2,049,000)
            assertEquals(23_508_032L, trainable);
            assertEquals(2048, net.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)})[0].get(1));
        }
    }

    @Test
    void namesAreTorchvisionsStateDictKeys() throws IOException {
        try (TorchCheckpoint c = TorchCheckpoint.open(DIR.resolve("mocov2_resnet50.pth.tar"))) {
            String p = "state_dict.module.encoder_q.";
            Set<String> keys = c.tensors().keySet().stream().filter(k -> k.startsWith(p)).map(k -> k.substring(p.length()))
                    .filter(k -> !k.startsWith("fc.") && !k.endsWith("num_batches_tracked")).collect(Collectors.toSet());
            assertEquals(keys, Set.copyOf(TorchvisionResNet.names(ResNet50.BLOCKS, true)));
        }
    }

    @Test
    void opensMoCoV2sQueryEncoderAndMatchesPyTorch() throws IOException {
        SafeTensors.Contents want = SafeTensors.read(DIR.resolve("outputs.safetensors"));
        try (NDManager m = NDManager.newBaseManager()) {
            TorchvisionResNet.Imported r = TorchvisionResNet.load(DIR.resolve("mocov2_resnet50.pth.tar"), null, m);
            assertEquals("state_dict.module.encoder_q.", r.match().prefix(), r.describe());
            assertEquals(128, r.features());
            assertTrue(r.skipped().contains("state_dict.module.encoder_q.fc.0.weight") && r.skipped().contains("state_dict.module.queue"));
            ParameterStore ps = new ParameterStore(m, false);
            for (int[] hw : new int[][] {{64, 64}, {96, 80}}) {
                NDArray x = PublishedViTFixturesTest.images(m, hw[0], hw[1]);
                float[] got = r.backbone().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
                float[] expected = want.tensors().get("mocov2_resnet50.query." + hw[0] + "x" + hw[1] + ".features").data();
                assertEquals(0, PublishedViTFixturesTest.maxDiff(got, expected), 1e-4, hw[0] + "x" + hw[1]);
            }
            TorchvisionResNet.Imported key = TorchvisionResNet.load(DIR.resolve("mocov2_resnet50.pth.tar"), "encoder_k", m);
            assertEquals("state_dict.module.encoder_k.", key.match().prefix());
            IOException vit = assertThrows(IOException.class, () -> TorchvisionResNet.load(DIR.resolve("dino_vit16.pth"), null, m));
            assertTrue(vit.getMessage().contains("holds no ResNet"), vit.getMessage());
        }
    }
}
