package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** sRGB to Lab as scikit-image's rgb2lab, which CMC's views are made with. */
class LabColourTest {

    @Test
    void theCornersOfTheCubeAreWhereCmcsRangesSayTheyAre() {
        // CMC's train_CMC.py standardises Lab with these extremes (green and magenta bound a, blue and yellow b)
        assertEquals(-86.183, LabColour.of(0, 1, 0)[1], 1e-3);
        assertEquals(98.233, LabColour.of(1, 0, 1)[1], 1e-3);
        assertEquals(-107.857, LabColour.of(0, 0, 1)[2], 1e-3);
        assertEquals(94.478, LabColour.of(1, 1, 0)[2], 1e-3);
        // the textbook values of sRGB red under D65: L 53.24, a 80.09, b 67.20
        assertArrayEquals(new double[] {53.24, 80.09, 67.20}, LabColour.of(1, 0, 0), 0.01);
        assertArrayEquals(new double[] {100, 0, 0}, LabColour.of(1, 1, 1), 0.01);
        assertArrayEquals(new double[] {0, 0, 0}, LabColour.of(0, 0, 0), 1e-9);
        // mid grey: no colour, L 53.39
        assertArrayEquals(new double[] {53.389, 0, 0}, LabColour.of(0.5, 0.5, 0.5), 0.01);
    }

    @Test
    void labGoesBackToTheSameColour() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double[] rgb = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double[] lab = LabColour.of(rgb[0], rgb[1], rgb[2]);
            assertArrayEquals(rgb, LabColour.toSrgb(lab[0], lab[1], lab[2]), 1e-9);
        }
        // what the studio shows: the L view of pure red is the grey of L 53, its ab view a red at L 70
        int[] l = LabColour.channelsOf(new int[] {0xFFFF0000}, false);
        assertEquals(0xFF888888, l[0]);
        int[] ab = LabColour.channelsOf(new int[] {0xFFFF0000}, true);
        assertTrue(((ab[0] >> 16) & 0xFF) > 200 && (ab[0] & 0xFF) < 150, Integer.toHexString(ab[0]));
    }

    @Test
    void theBatchedConversionIsThePixelOneOnEveryPixel() {
        Random random = new Random(7);
        int n = 2;
        int side = 16;
        float[] rgb = new float[n * 3 * side * side];
        for (int i = 0; i < rgb.length; i++) {
            // dark values too, on both sides of the curves' knees (0.04045 in sRGB, 0.008856 in XYZ)
            rgb[i] = i % 5 == 0 ? random.nextFloat() * 0.06f : random.nextFloat();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lab = LabColour.fromSrgb(m.create(rgb, new Shape(n, 3, side, side)));
            float[] got = lab.toFloatArray();
            int plane = side * side;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < plane; p++) {
                    int base = i * 3 * plane + p;
                    double[] expected = LabColour.of(rgb[base], rgb[base + plane], rgb[base + 2 * plane]);
                    for (int c = 0; c < 3; c++) {
                        assertEquals(expected[c], got[base + c * plane], 2e-3, "image " + i + " pixel " + p + " channel " + c);
                    }
                }
            }
        }
    }
}
