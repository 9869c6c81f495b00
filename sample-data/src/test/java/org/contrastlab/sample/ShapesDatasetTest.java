package org.contrastlab.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesDatasetTest {
    @TempDir
    Path cache;

    @Test
    void drawingIsDeterministicPerIndex() {
        ShapesGenerator g = new ShapesGenerator(64, 5);
        ShapesGenerator.Sample a = g.draw(17);
        ShapesGenerator.Sample b = new ShapesGenerator(64, 5).draw(0, 20)[17];
        assertArrayEquals(a.rgb(), b.rgb());
        assertArrayEquals(a.mask(), b.mask());
        assertEquals(a.label(), b.label());
        assertFalse(Arrays.equals(a.rgb(), new ShapesGenerator(64, 6).draw(17).rgb()));
    }

    @Test
    void generatesOnceIntoTheCacheThenReusesIt() throws Exception {
        long t0 = System.nanoTime();
        DatasetSplits first = ShapesDataset.load(cache, 600, 100);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path file;
        try (var s = Files.list(cache)) {
            file = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        DatasetSplits second = ShapesDataset.load(cache, 600, 100);
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "the cache file is reused");
        assertEquals(600, first.train().size());
        assertEquals(100, first.test().size());
        assertEquals(first.train().value(10, 1, 20, 30), second.train().value(10, 1, 20, 30));
        assertTrue(seconds < 30, "700 images took " + seconds + " s");
    }

    @Test
    void everyClassAppearsAndMasksCoverAPlausibleShare() {
        ImageStore train = ShapesDataset.load(cache, 1000, 10).train();
        assertEquals(10, train.classNames().size());
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
            int on = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    on += train.mask(i, y, x);
                }
            }
            double share = on / 4096.0;
            assertTrue(share > 0.01 && share < 0.6, "image " + i + " mask covers " + share);
        }
        for (int c : counts) {
            assertTrue(c > 60, "class counts " + Arrays.toString(counts));
        }
    }

    @Test
    void theShapeDiffersFromItsBackgroundUnderItsMask() {
        ImageStore s = ShapesDataset.load(cache, 50, 10).train();
        int distinct = 0;
        for (int i = 0; i < s.size(); i++) {
            double[] inside = new double[3];
            double[] outside = new double[3];
            int nIn = 0;
            int nOut = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    boolean in = s.mask(i, y, x) == 1;
                    for (int c = 0; c < 3; c++) {
                        (in ? inside : outside)[c] += s.value(i, c, y, x);
                    }
                    nIn += in ? 1 : 0;
                    nOut += in ? 0 : 1;
                }
            }
            double d = 0;
            for (int c = 0; c < 3; c++) {
                d += Math.abs(inside[c] / nIn - outside[c] / nOut);
            }
            distinct += d > 20 ? 1 : 0;
        }
        assertTrue(distinct > s.size() * 0.8, distinct + " of " + s.size() + " shapes stand out from their background");
    }

    @Test
    void isRegisteredAsSampleShapes() {
        String before = System.getProperty("contrastlab.cache");
        System.setProperty("contrastlab.cache", cache.toString());
        try {
            DatasetSplits s = Datasets.open("sample:shapes", LoadOptions.defaults());
            assertEquals(5000, s.train().size());
            assertEquals(1000, s.test().size());
            assertEquals(64, s.train().width());
            assertTrue(s.train().hasMasks());
        } finally {
            if (before == null) {
                System.clearProperty("contrastlab.cache");
            } else {
                System.setProperty("contrastlab.cache", before);
            }
        }
    }
}
