package org.contrastlab.core.model.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.model.weights.EncoderSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ViT goes out and comes back in timm's names with the same outputs and attention. */
class TimmWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripGivesTheSameFeaturesAndAttention() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(ViTSize.MICRO, 0, true);
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Path file = tmp.resolve("vit.safetensors");
            TimmWeights.export(vit, true, file);
            SafeTensors.Contents c = SafeTensors.read(file);
            assertEquals(2 + 4 * 12 + 2 + 2, c.tensors().size(), "cls, pos, patch embed, 12 per block, norm");
            assertEquals(List.of(1L, 17L, 128L), asList(c.tensors().get("pos_embed").shape()));
            assertEquals(List.of(384L, 128L), asList(c.tensors().get("blocks.3.attn.qkv.weight").shape()));
            assertEquals("4", c.metadata().get(TimmWeights.HEADS));
            assertTrue(c.metadata().get("contrastlab.timm").contains("img_size=32, patch_size=8, embed_dim=128, depth=4, num_heads=4"));

            TimmWeights.Imported back = TimmWeights.load(file, null, m);
            assertEquals(ViTSize.MICRO, back.vit().size());
            assertTrue(back.sinCos() && back.skipped().isEmpty() && back.prefix().isEmpty());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomUniform(0, 1, new Shape(2, 3, 48, 48));
            NDArray a = vit.forward(ps, new NDList(images), false).singletonOrThrow();
            NDArray b = back.vit().forward(ps, new NDList(images), false).singletonOrThrow();
            assertEquals(0f, a.sub(b).abs().max().getFloat());
            assertEquals(0f, vit.attention(ps, images, 2).sub(back.vit().attention(ps, images, 2)).abs().max().getFloat());
        }
    }

    @Test
    void readsDinoStylePrefixesSkipsTheHeadAndTakesHeadsFromTheWidth() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(new ViTSize(128, 2, 2, 8), 0, false);
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            TimmWeights.names(vit).forEach((n, p) -> tensors.put("backbone." + n,
                    new SafeTensors.Tensor(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
            tensors.put("head.mlp.0.weight", new SafeTensors.Tensor(new long[] {2, 2}, new float[4]));
            Path file = tmp.resolve("dino.safetensors");
            SafeTensors.write(file, tensors, Map.of());
            TimmWeights.Imported back = TimmWeights.load(file, null, m);
            assertEquals("backbone.", back.prefix());
            assertEquals(List.of("head.mlp.0.weight"), back.skipped());
            assertEquals(2, back.vit().size().heads(), "128 / 64 channels a head");
            assertEquals(2, back.vit().size().depth());
            IOException zero = assertThrows(IOException.class, () -> TimmWeights.load(file, 0, m));
            assertTrue(zero.getMessage().contains(file + ": a ViT of width 128 and 2 blocks cannot have 0 heads"), zero.getMessage());
            SafeTensors.write(file, tensors, Map.of(TimmWeights.HEADS, "two"));
            IOException words = assertThrows(IOException.class, () -> TimmWeights.load(file, null, m));
            assertTrue(words.getMessage().contains("not a number of heads"), words.getMessage());

            tensors.remove("backbone.blocks.1.mlp.fc2.bias");
            SafeTensors.write(file, tensors, Map.of());
            IOException missing = assertThrows(IOException.class, () -> TimmWeights.load(file, null, m));
            assertTrue(missing.getMessage().contains("'backbone.blocks.1.mlp.fc2.bias' is missing"), missing.getMessage());
        }
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedWithItsName() throws IOException {
        Path file = tmp.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("x", new SafeTensors.Tensor(new long[] {4}, new float[] {1, 2, 3, 4})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("does not fit"), e.getMessage());
        Files.writeString(file, "not a model at all");
        IOException foreign = assertThrows(IOException.class, () -> SafeTensors.read(file));
        assertTrue(foreign.getMessage().contains("not a safetensors file"), foreign.getMessage());
        SafeTensors.write(file, Map.of("x", new SafeTensors.Tensor(new long[] {1}, new float[] {1})), Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            IOException noVit = assertThrows(IOException.class, () -> TimmWeights.load(file, null, m));
            assertTrue(noVit.getMessage().contains("holds no ViT in timm's or DINO's names"), noVit.getMessage());
        }
    }

    @Test
    void headsFollowTheWidthExceptMoCoV3sViTSmallWithTwelve() {
        EncoderSearch.Match dino = new EncoderSearch.Match("", List.of(""));
        EncoderSearch.Match moco = new EncoderSearch.Match("state_dict.module.base_encoder.",
                List.of("state_dict.module.base_encoder.", "state_dict.module.momentum_encoder."));
        assertEquals(6, TimmWeights.defaultHeads(384, dino), "DINO's ViT-S/16: 6 heads");
        assertEquals(12, TimmWeights.defaultHeads(768, dino), "ViT-B: 12 heads");
        assertEquals(12, TimmWeights.defaultHeads(384, moco), "MoCo v3's ViT-S: 12 heads");
        assertEquals(12, TimmWeights.defaultHeads(768, moco));
    }

    @Test
    void halfPrecisionValuesConvert() {
        assertEquals(1f, SafeTensors.halfToFloat((short) 0x3C00));
        assertEquals(-2f, SafeTensors.halfToFloat((short) 0xC000));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
    }

    private static List<Long> asList(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}
