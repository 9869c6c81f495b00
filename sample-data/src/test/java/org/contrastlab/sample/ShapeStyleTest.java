package org.contrastlab.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapeStyleTest {
    @TempDir
    Path cache;

    @Test
    void parsesOverTheDefaultAndRefusesWhatItDoesNotKnow() {
        ShapeStyle s = ShapeStyle.parse("rot=360, colour=hues6,bg=texture");
        assertEquals(ShapeStyle.CLASSIC, s);
        assertEquals(ShapeStyle.DEFAULT, ShapeStyle.parse("rot=30"));
        String unknownKey = assertThrows(IllegalArgumentException.class, () -> ShapeStyle.parse("tilt=4")).getMessage();
        assertTrue(unknownKey.contains("'tilt=4'"), unknownKey);
        String badColour = assertThrows(IllegalArgumentException.class, () -> ShapeStyle.parse("colour=pink")).getMessage();
        assertTrue(badColour.contains("pink") && badColour.contains("vivid"), badColour);
        String notNumber = assertThrows(IllegalArgumentException.class, () -> ShapeStyle.parse("rot=many")).getMessage();
        assertTrue(notNumber.contains("rot=many"), notNumber);
        assertThrows(IllegalArgumentException.class, () -> ShapeStyle.parse("rmin=0.4,rmax=0.3"));
    }

    @Test
    void eachStyleIsCachedUnderItsOwnFile() throws Exception {
        ImageStore plain = ShapesDataset.load(cache, 40, 10, ShapeStyle.DEFAULT).train();
        ImageStore classic = ShapesDataset.load(cache, 40, 10, ShapeStyle.CLASSIC).train();
        try (var files = Files.list(cache)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".bin")).count());
        }
        assertEquals(plain.label(3), classic.label(3), "the classes come from the seed alone");
        int differing = 0;
        for (int x = 0; x < plain.width(); x++) {
            differing += plain.value(3, 0, 0, x) != classic.value(3, 0, 0, x) ? 1 : 0;
        }
        assertTrue(differing > plain.width() / 2, "the styles draw different pixels: " + differing + " of a row differ");
    }

    /**
     * What makes the default set teach: its background tells no image from another. The mean
     * background colour of each image (outside the mask) lies within a few levels of every
     * other's, where the classic set's muted tints spread it over tens of levels.
     */
    @Test
    void theDefaultBackgroundIsAlikeInEveryImage() {
        double spreadDefault = backgroundSpread(ShapesDataset.load(cache, 200, 10, ShapeStyle.DEFAULT).train());
        double spreadClassic = backgroundSpread(ShapesDataset.load(cache, 200, 10, ShapeStyle.CLASSIC).train());
        assertTrue(spreadDefault < 3, "default: mean background level spreads by " + spreadDefault);
        assertTrue(spreadClassic > 5 * spreadDefault, "classic " + spreadClassic + " against default " + spreadDefault);
    }

    /** The standard deviation over images of the mean background value (0–255), averaged over channels. */
    private static double backgroundSpread(ImageStore s) {
        double[][] means = new double[3][s.size()];
        for (int i = 0; i < s.size(); i++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                int n = 0;
                for (int y = 0; y < s.height(); y++) {
                    for (int x = 0; x < s.width(); x++) {
                        if (s.mask(i, y, x) == 0) {
                            sum += s.value(i, c, y, x);
                            n++;
                        }
                    }
                }
                means[c][i] = sum / n;
            }
        }
        return Arrays.stream(means).mapToDouble(ShapeStyleTest::std).average().orElseThrow();
    }

    private static double std(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
    }
}
