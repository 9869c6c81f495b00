package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Colour dropping keeps, in every patch it fires on, exactly one channel as it was, drawn
 * evenly among the three, and fills the other two with noise at 1/100 of that channel's spread;
 * patches it does not fire on pass unchanged.
 */
class ColourDropTest {
    private static final int N = 600;
    private static final int P = 8;

    @Test
    void everyDroppedPatchKeepsOneChannelAndTheOthersAreFaintNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] in = patches();
            float[] out = ColourDrop.apply(m.create(in, new Shape(N, 3, P, P)), 1, m).toFloatArray();
            int[] keptCount = new int[3];
            for (int n = 0; n < N; n++) {
                int kept = -1;
                for (int c = 0; c < 3; c++) {
                    if (channelEquals(in, out, n, c)) {
                        assertEquals(-1, kept, "patch " + n + " kept two channels");
                        kept = c;
                    }
                }
                assertTrue(kept >= 0, "patch " + n + " kept no channel as it was");
                keptCount[kept]++;
                double spread = spread(in, n, kept);
                for (int c = 0; c < 3; c++) {
                    if (c != kept) {
                        double noise = spread(out, n, c);
                        assertTrue(noise > 0.002 * spread && noise < 0.03 * spread,
                                "patch " + n + ", channel " + c + ": noise spread " + noise + " against the kept " + spread);
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                assertTrue(keptCount[c] > N / 3 - 60 && keptCount[c] < N / 3 + 60, "channel " + c + " kept " + keptCount[c] + " of " + N);
            }
        }
    }

    @Test
    void patchesItDoesNotFireOnPassUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] in = patches();
            assertArrayEquals(in, ColourDrop.apply(m.create(in, new Shape(N, 3, P, P)), 0, m).toFloatArray());
            float[] half = ColourDrop.apply(m.create(in, new Shape(N, 3, P, P)), 0.5, m).toFloatArray();
            int whole = 0;
            for (int n = 0; n < N; n++) {
                if (channelEquals(in, half, n, 0) && channelEquals(in, half, n, 1) && channelEquals(in, half, n, 2)) {
                    whole++;
                }
            }
            assertTrue(whole > N / 2 - 70 && whole < N / 2 + 70, whole + " of " + N + " patches untouched at probability 0.5");
        }
    }

    private static float[] patches() {
        Random rng = new Random(7);
        float[] x = new float[N * 3 * P * P];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian() + (i / (P * P)) % 3; // each channel its own level
        }
        return x;
    }

    private static boolean channelEquals(float[] a, float[] b, int n, int c) {
        int from = (n * 3 + c) * P * P;
        for (int i = from; i < from + P * P; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static double spread(float[] x, int n, int c) {
        int from = (n * 3 + c) * P * P;
        double sum = 0;
        double squares = 0;
        for (int i = from; i < from + P * P; i++) {
            sum += x[i];
            squares += (double) x[i] * x[i];
        }
        double mean = sum / (P * P);
        return Math.sqrt(squares / (P * P) - mean * mean);
    }
}
