package org.contrastlab.core.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is told apart by its bytes: a safetensors header whose length begins like a pickle is still safetensors. */
class WeightsFileTest {
    @TempDir
    Path tmp;

    @Test
    void aSafetensorsHeaderOf640BytesIsNotTakenForAPickle() throws Exception {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] header = Arrays.copyOf(json.getBytes(StandardCharsets.UTF_8), 640); // 640 = 0x0280: bytes 0x80 0x02
        Arrays.fill(header, json.length(), 640, (byte) ' ');
        ByteBuffer b = ByteBuffer.allocate(8 + 640 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(640).put(header).putFloat(1.5f).putFloat(-2f);
        Path file = tmp.resolve("small.safetensors");
        Files.write(file, b.array());
        assertEquals((byte) 0x80, Files.readAllBytes(file)[0]);
        try (WeightsFile w = WeightsFile.open(file)) {
            assertEquals("safetensors", w.format());
            assertArrayEquals(new float[] {1.5f, -2f}, w.read("w").data());
        }
        try (WeightsFile w = WeightsFile.open(Path.of("src/test/resources/fixtures/torch/mocov3_vit8.pth.tar"))) {
            assertEquals("PyTorch checkpoint (legacy stream)", w.format());
        }
    }
}
