package org.contrastlab.core.model.vit;

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
import ai.djl.training.initializer.Initializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ViTs saved by PyTorch in DINO's and MoCo v3's checkpoint layouts
 * ({@code benchmarks/torch_checkpoint_fixtures.py}) open here and compute what PyTorch computed
 * with DINO's vision_transformer.py: CLS features and the last block's CLS attention per head,
 * to 1e-4 (attention as a multiple of its mean), on the native 224 px grid and off it (224×160, 256², 480²), where the position table
 * is resampled DINO's way.
 */
public class PublishedViTFixturesTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/torch");
    static SafeTensors.Contents expected;

    @BeforeAll
    static void read() throws IOException {
        expected = SafeTensors.read(DIR.resolve("outputs.safetensors"));
    }

    /** The fixture script's images: sin(0.05·y·(c + 1) + b)·cos(0.031·x·(2 − c) + 0.5·b) + 0.1·c. */
    public static NDArray images(NDManager m, int h, int w) {
        float[] v = new float[2 * 3 * h * w];
        int i = 0;
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        v[i++] = (float) (Math.sin(0.05 * y * (c + 1) + b) * Math.cos(0.031 * x * (2 - c) + 0.5 * b) + 0.1 * c);
                    }
                }
            }
        }
        return m.create(v, new Shape(2, 3, h, w));
    }

    @ParameterizedTest
    @CsvSource({
        "dino_vit16.pth, , dino_vit16.teacher, teacher.backbone., 224x224 224x160 256x256 480x480",
        "dino_vit16.pth, student, dino_vit16.student, student.module.backbone., 224x224 224x160 256x256 480x480",
        "mocov3_vit8.pth.tar, , mocov3_vit8.base, state_dict.module.base_encoder., 224x224 224x160 256x256 480x480",
        "dinov2_vit14_reg4.pth, , dinov2_vit14_reg4, '', 224x224 224x168 280x280",
    })
    void matchesPyTorchOnAndOffTheNativeGrid(String file, String encoder, String name, String prefix, String sizes) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            TimmWeights.Imported vit = TimmWeights.load(DIR.resolve(file), 2, encoder, m);
            assertEquals(prefix == null ? "" : prefix, vit.prefix(), vit.describe());
            assertEquals(PositionEmbedding.Resampling.DINO, vit.vit().resampling());
            ParameterStore ps = new ParameterStore(m, false);
            for (String size : sizes.split(" ")) {
                int[] hw = Arrays.stream(size.split("x")).mapToInt(Integer::parseInt).toArray();
                String key = name + "." + size;
                NDArray x = images(m, hw[0], hw[1]);
                NDArray cls = vit.vit().forward(ps, new NDList(x), false).singletonOrThrow();
                SafeTensors.Tensor wantCls = expected.tensors().get(key + ".cls");
                assertArrayEquals(wantCls.shape(), cls.getShape().getShape(), key);
                assertEquals(0, maxDiff(cls.toFloatArray(), wantCls.data()), 1e-4, key + " CLS");
                NDArray attn = vit.vit().attention(ps, x, -1).get(":, :, 0, :");
                SafeTensors.Tensor wantAttn = expected.tensors().get(key + ".attn");
                assertArrayEquals(wantAttn.shape(), attn.getShape().getShape(), key);
                // weights of a softmax over 1 + N tokens are ~1/(1 + N): compared as multiples of the mean
                long tokens = attn.getShape().get(2);
                assertEquals(0, maxDiff(attn.toFloatArray(), wantAttn.data()) * tokens, 1e-4, key + " attention × tokens");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // DINO's vit_small / vit_base (patch 16, 224 px, no head), counted by PyTorch 1.13 on the fixture script's ViT
        "384, 6, 21665664",
        "768, 12, 85798656",
    })
    void parameterCountsEqualDinosViTs(int dim, int heads, long count) {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(new ViTSize(dim, 12, heads, 16), 0, false);
            vit.setInitializer(Initializer.ZEROS, p -> true);
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertEquals(count, vit.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
        }
    }

    @Test
    void readsDinoV2sLayerScaleAndRegistersAndLeavesOutTheMaskToken() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            TimmWeights.Imported vit = TimmWeights.load(DIR.resolve("dinov2_vit14_reg4.pth"), 2, null, m);
            assertEquals(5, vit.vit().prefixTokens(), "CLS and 4 registers");
            assertTrue(vit.describe().contains("patch 14, LayerScale, 4 registers"), vit.describe());
            assertEquals(List.of("mask_token"), vit.skipped());
            assertTrue(TimmWeights.names(vit.vit()).containsKey("blocks.1.ls2.gamma"));
        }
    }

    @Test
    void reportsWhatItOpenedAndWhatElseTheFileHolds() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            TimmWeights.Imported vit = TimmWeights.load(DIR.resolve("mocov3_vit8.pth.tar"), 2, null, m);
            String line = vit.describe();
            assertTrue(line.contains("legacy stream") && line.contains("'state_dict.module.base_encoder.'")
                    && line.contains("'state_dict.module.momentum_encoder.'") && line.contains("DINO's bicubic"), line);
            assertTrue(vit.skipped().contains("state_dict.module.base_encoder.head.0.weight"), "the projection head is left out");
            Path copy = Files.createTempFile("dino-export", ".safetensors");
            try {
                TimmWeights.export(vit.vit(), false, copy);
                assertEquals(PositionEmbedding.Resampling.DINO, TimmWeights.load(copy, null, m).vit().resampling(),
                        "an export of a DINO file keeps DINO's resampling");
            } finally {
                Files.deleteIfExists(copy);
            }
            IOException none = assertThrows(IOException.class, () -> TimmWeights.load(DIR.resolve("dino_vit16.pth"), 2, "encoder_q", m));
            assertTrue(none.getMessage().contains("--encoder encoder_q matches none"), none.getMessage());
        }
    }

    public static double maxDiff(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
