package org.contrastlab.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsAsNpyAndSafetensorsWithTheLabels() throws Exception {
        Embeddings e = new Embeddings(3, 2, new float[] {1, 2, 3, 4, 5, 6.5f}, new int[] {4, 7, 9}, new int[] {1, 0, 1}, List.of("cat", "dog"));
        for (String name : List.of("e.npy", "e.safetensors")) {
            Path f = tmp.resolve(name);
            e.write(f);
            Embeddings back = Embeddings.read(f);
            assertEquals(3, back.n());
            assertEquals(2, back.d());
            assertArrayEquals(e.values(), back.values());
            assertArrayEquals(e.indices(), back.indices());
            assertArrayEquals(e.labels(), back.labels());
            assertEquals(List.of("cat", "dog"), back.classNames());
        }
        assertEquals("index\tlabel\tclass", Files.readAllLines(tmp.resolve("e.labels.tsv")).get(0));
        // NumPy's own header, as np.save writes it, is read too
        assertTrue(new String(Files.readAllBytes(tmp.resolve("e.npy")), 0, 70, java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"));
    }

    @Test
    void refusesFilesOfTheWrongShapeOrKind() throws Exception {
        Path f = tmp.resolve("x.npy");
        Npy.write(f, new float[] {1, 2, 3, 4}, 2, 2);
        Files.writeString(tmp.resolve("x.labels.tsv"), "index\tlabel\tclass\n0\t1\ta\n");
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> Embeddings.read(f));
        assertTrue(labels.getMessage().endsWith("x.labels.tsv: 1 labels for 2 embeddings"), labels.getMessage());
        Path truncated = tmp.resolve("t.npy");
        byte[] full = Files.readAllBytes(f);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 4));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> Embeddings.read(truncated));
        assertTrue(cut.getMessage().contains("t.npy: 12 bytes of data for the 16 its header describes"), cut.getMessage());
        Path text = tmp.resolve("n.npy");
        Files.writeString(text, "not numpy at all");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Embeddings.read(text)).getMessage().endsWith("n.npy: not a .npy file"));
        assertThrows(IllegalArgumentException.class, () -> Embeddings.read(tmp.resolve("x.csv")));
    }
}
