package org.contrastlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparing our values with a plain PyTorch fixture's, element by element. */
public final class FixtureAssertions {
    /** What every fixture test asks: 1e-5, relative to values above 1. */
    public static final double TOLERANCE = 1e-5;

    private FixtureAssertions() {
    }

    /**
     * Asserts that {@code got} has {@code expected}'s size and that each value is within {@link
     * #TOLERANCE} of it, relative where the expected value is above 1; the message names the
     * first element off and the largest difference.
     */
    public static void assertClose(String what, float[] expected, float[] got) {
        assertEquals(expected.length, got.length, what + ": size");
        double worst = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            double off = Math.abs(expected[i] - got[i]) / Math.max(1, Math.abs(expected[i]));
            worst = Math.max(worst, off);
            if (off > TOLERANCE && first < 0) {
                first = i;
            }
        }
        if (first >= 0) {
            fail(what + "[" + first + "]: expected " + expected[first] + ", got " + got[first]
                    + " (largest relative difference " + worst + ")");
        }
    }
}
