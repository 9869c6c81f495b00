package org.contrastlab.core.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints written by PyTorch 1.13 ({@code benchmarks/torch_checkpoint_fixtures.py}) read
 * as weights, and a corpus of hostile ones refused with the file and the reason.
 */
class TorchCheckpointTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/torch");

    static SafeTensors.Contents expected() throws Exception {
        return SafeTensors.read(DIR.resolve("outputs.safetensors"));
    }

    @Test
    void readsEveryTensorOfAZipArchiveByItsPathOfKeys() throws Exception {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(DIR.resolve("dino_vit16.pth"))) {
            assertEquals("zip archive", ckpt.format());
            Map<String, PickleValues.Tensor> t = ckpt.tensors();
            assertTrue(t.containsKey("teacher.backbone.blocks.1.attn.qkv.weight"), t.keySet().toString());
            assertTrue(t.containsKey("student.module.backbone.pos_embed"));
            assertTrue(t.containsKey("optimizer.state.0.exp_avg"));
            assertTrue(t.containsKey("dino_loss.center"));
            assertEquals(TorchDtype.BFLOAT16, t.get("student.module.backbone.cls_token").storage().dtype());
            assertArrayEquals(new long[] {192, 64}, t.get("teacher.backbone.blocks.0.attn.qkv.weight").shape());
        }
    }

    @Test
    void readsStridedViewsOfASharedStorageAndHalfPrecision() throws Exception {
        SafeTensors.Contents want = expected();
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(DIR.resolve("dino_vit16.pth"))) {
            for (String name : List.of("big", "transposed", "sliced", "half")) {
                SafeTensors.Tensor got = ckpt.read("extras." + name);
                SafeTensors.Tensor w = want.tensors().get("dino_vit16.extras." + name);
                assertArrayEquals(w.shape(), got.shape(), name);
                assertArrayEquals(w.data(), got.data(), 0f, name);
            }
            assertEquals(ckpt.tensors().get("extras.big").storage(), ckpt.tensors().get("extras.transposed").storage());
        }
    }

    @Test
    void readsTheLegacyStreamOfPyTorchBefore16() throws Exception {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(DIR.resolve("mocov3_vit8.pth.tar"))) {
            assertEquals("legacy stream", ckpt.format());
            Map<String, PickleValues.Tensor> t = ckpt.tensors();
            assertTrue(t.containsKey("state_dict.module.base_encoder.patch_embed.proj.weight"), t.keySet().toString());
            assertEquals(TorchDtype.FLOAT16, t.get("state_dict.module.momentum_encoder.norm.weight").storage().dtype());
            SafeTensors.Tensor w = ckpt.read("state_dict.module.base_encoder.patch_embed.proj.weight");
            assertArrayEquals(new long[] {64, 3, 8, 8}, w.shape());
            assertTrue(Math.abs(w.data()[0]) < 0.1 && w.data()[0] != 0);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "runs_code.pth|posix.system",
        "runs_code_legacy.pth|posix.system",
        "unknown_class.pth|__main__.Unknown",
        "lying_size.pth|holds 16 bytes where 4398046511104 are needed",
        "short_record.pth|holds 16 bytes where 4000 are needed",
        "zip_bomb.pth|zip bomb",
        "truncated.pth|zip",
        "truncated_legacy.pth|truncated",
        "torchscript.pt|TorchScript",
        "deep_nest.pth|deeper than 64",
        "not_a_checkpoint.pth|not a PyTorch checkpoint",
    })
    void refusesHostileFilesNamingTheFileAndTheReason(String name, String reason) throws Exception {
        Path file = DIR.resolve("hostile").resolve(name);
        assertTrue(Files.exists(file), file.toString());
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
                for (String t : ckpt.tensors().keySet()) {
                    ckpt.read(t);
                }
            }
        });
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
