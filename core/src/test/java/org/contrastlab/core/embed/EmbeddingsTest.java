package org.contrastlab.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.io.Npy;
import org.contrastlab.core.tsne.TSneTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsAsNpyAndSafetensorsWithTheLabels() throws Exception {
        Embeddings e = new Embeddings(3, 2, new float[] {1, 2, 3, 4, 5, 6.5f}, new int[] {4, 7, 9}, new int[] {1, 0, 1}, List.of("cat",
                "dog"));
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
        assertTrue(new String(Files.readAllBytes(tmp.resolve("e.npy")), 0, 70, StandardCharsets.ISO_8859_1)
                .contains("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"));
    }

    @Test
    void writesTensorBoardsProjectorFiles() throws Exception {
        ImageStore images = Datasets.open(
                TestData.cifar10().toString(), LoadOptions.defaults()).test().head(5);
        float[] v = new float[5 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 10f;
        }
        Embeddings e = new Embeddings(5, 3, v, new int[] {0, 1, 2, 3, 4}, images.labels(), images.classNames());
        Path dir = tmp.resolve("projector");
        ProjectorExport.write(e, images, dir);
        List<String> tensors = Files.readAllLines(dir.resolve("tensors.tsv"));
        assertEquals(5, tensors.size());
        assertEquals("0.300000\t0.400000\t0.500000", tensors.get(1));
        List<String> meta = Files.readAllLines(dir.resolve("metadata.tsv"));
        assertEquals("class\tlabel\tindex", meta.get(0));
        assertEquals(images.classNames().get(images.label(2)) + "\t" + images.label(2) + "\t2", meta.get(3));
        BufferedImage sprite = ImageIO.read(dir.resolve("sprite.png").toFile());
        assertEquals(3 * 32, sprite.getWidth(), "3 thumbnails a row for 5 points");
        String config = Files.readString(dir.resolve("projector_config.pbtxt"));
        assertTrue(config.contains("tensor_path: \"tensors.tsv\"") && config.contains("single_image_dim: 32"), config);
    }

    @Test
    void kMeansFindsWellSeparatedClustersAndIsSeeded() {
        float[] x = TSneTest.clusters(300, 5, 3, 4);
        int[] a = KMeans.cluster(x, 300, 5, 3, 1);
        // the same cluster for points of one blob (point i is in blob i mod 3), different ones across blobs
        for (int i = 3; i < 300; i++) {
            assertEquals(a[i % 3], a[i], "point " + i);
        }
        assertEquals(3, Arrays.stream(a).distinct().count());
        assertArrayEquals(a, KMeans.cluster(x, 300, 5, 3, 1));
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
        Files.write(truncated, Arrays.copyOf(full, full.length - 4));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> Embeddings.read(truncated));
        assertTrue(cut.getMessage().contains("t.npy: 12 bytes of data for the 16 its header describes"), cut.getMessage());
        Path text = tmp.resolve("n.npy");
        Files.writeString(text, "not numpy at all");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Embeddings.read(text)).getMessage()
                .endsWith("n.npy: not a .npy file"));
        assertThrows(IllegalArgumentException.class, () -> Embeddings.read(tmp.resolve("x.csv")));
    }
}
