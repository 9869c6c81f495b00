package org.contrastlab.core.fewlabels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label subsets on real CIFAR-10 labels: balanced per class, the same for the same seed, kept in
 * the run and read back, and refused where a class would be left without a label.
 */
class LabelSubsetTest {
    private static ImageStore train;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        train = TestData.cifarTestImages(600);
    }

    @Test
    void aShareIsTakenFromEachClassAndFixedBySeed() {
        LabelSubset s = LabelSubset.draw("10%", train, 7);
        int[] perClass = s.perClass(train);
        int[] members = new int[10];
        for (int label : train.labels()) {
            members[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(0.1 * members[c]), perClass[c], "class " + c);
        }
        assertArrayEquals(s.indices(), LabelSubset.draw("10%", train, 7).indices(), "same seed, same images");
        assertFalse(Arrays.equals(s.indices(), LabelSubset.draw("10%", train, 8).indices()), "another seed, other images");
        int[] sorted = s.indices().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, s.indices());
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, LabelSubset.draw("20/class", train, 7).perClass(train));
        assertEquals(s.size(), s.of(train).size());
    }

    @Test
    void aRunKeepsItsSubsetAndReadsItBack() throws IOException {
        LabelSubset first = LabelSubset.forRun(dir, "10%", train, 3);
        Path kept = dir.resolve("labels/10pct-seed3.txt");
        assertTrue(Files.isRegularFile(kept));
        assertTrue(Files.readString(kept).startsWith("# labelled training images: 10%, seed 3"));
        assertArrayEquals(first.indices(), LabelSubset.forRun(dir, "10%", train, 3).indices());
        // what the run keeps wins over a new draw: a hand-edited file is what the next evaluation uses
        Files.writeString(kept, Files.readString(kept).replaceFirst("\n(\\d+)\n", "\n"));
        assertEquals(first.size() - 1, LabelSubset.forRun(dir, "10%", train, 3).size());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> LabelSubset.forRun(dir, "10%", TestData.cifarTestImages(500), 3));
        assertTrue(other.getMessage().contains("drawn from 600 training images, but this data has 500"), other.getMessage());
    }

    @Test
    void aSubsetThatLeavesAClassEmptyIsRefused() throws IOException {
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> LabelSubset.draw("0.5%", train, 1));
        assertTrue(tiny.getMessage().matches("--labels 0.5%: class '.+' has \\d+ training images, so it would get 0 labels; "
                + "choose a larger share or a count per class"), tiny.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> LabelSubset.draw("500/class", train, 1));
        assertTrue(many.getMessage().contains("choose a count of at most"), many.getMessage());
        Path list = dir.resolve("few.txt");
        Files.writeString(list, "# two images\n0\n1\n");
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> LabelSubset.draw(list.toString(), train, 1));
        assertTrue(gap.getMessage().contains("no labelled image of class"), gap.getMessage());
        Files.writeString(list, "0\nseven\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LabelSubset.draw(list.toString(), train, 1));
        assertTrue(bad.getMessage().contains("few.txt: line 2 is not an image index: 'seven'"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LabelSubset.draw("ten", train, 1));
        assertTrue(unknown.getMessage().contains("neither a share (10%), a count per class (25/class) nor a readable list file"),
                unknown.getMessage());
    }
}
