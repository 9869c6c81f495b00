package org.contrastlab.core.tsne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MapQualityTest {
    @Test
    void aMapThatIsTheDataIsFullyTrustworthyAndAScrambledOneIsNot() {
        int n = 400;
        float[] x = TSneTest.clusters(n, 2, 4, 9);
        double[] same = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            same[i] = x[i];
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            MapQuality perfect = MapQuality.measure(x, n, 2, same, labels, 10, 2000, 1, m);
            assertEquals(1.0, perfect.trustworthiness(), 1e-6);
            assertEquals(1.0, perfect.knnPreserved(), 1e-3);
            assertEquals(1.0, perfect.knnAccuracy(), 1e-9);
            double[] scrambled = same.clone();
            Random rng = new Random(2);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                for (int c = 0; c < 2; c++) {
                    double t = scrambled[2 * i + c];
                    scrambled[2 * i + c] = scrambled[2 * j + c];
                    scrambled[2 * j + c] = t;
                }
            }
            MapQuality random = MapQuality.measure(x, n, 2, scrambled, labels, 10, 2000, 1, m);
            // a random map: trustworthiness near 0.5, few neighbours kept, accuracy near chance
            assertTrue(random.trustworthiness() < 0.6, "trust " + random.trustworthiness());
            assertTrue(random.knnPreserved() < 0.1, "kept " + random.knnPreserved());
            assertTrue(random.knnAccuracy() < 0.5, "accuracy " + random.knnAccuracy());
            // a sample of queries stands for all
            MapQuality sampled = MapQuality.measure(x, n, 2, scrambled, labels, 10, 100, 1, m);
            assertEquals(100, sampled.queries());
            assertEquals(random.trustworthiness(), sampled.trustworthiness(), 0.05);
        }
    }
}
