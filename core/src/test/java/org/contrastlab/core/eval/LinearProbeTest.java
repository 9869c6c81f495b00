package org.contrastlab.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The probe separates what is linearly separable, does no better than chance on noise, and is deterministic. */
class LinearProbeTest {
    @Test
    void separatesGaussianClassesAndNotNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            int classes = 4;
            int d = 16;
            Random rng = new Random(1);
            float[][] centres = new float[classes][d];
            for (float[] c : centres) {
                for (int j = 0; j < d; j++) {
                    c[j] = (float) rng.nextGaussian() * 2;
                }
            }
            int[] yTrain = labels(800, classes, rng);
            int[] yTest = labels(400, classes, rng);
            NDArray train = blobs(m, centres, yTrain, rng, true);
            NDArray test = blobs(m, centres, yTest, rng, true);
            LinearProbe.Options o = new LinearProbe.Options(30, 64, 0.1, 1e-4, 7);
            LinearProbe.Result separable = LinearProbe.fit(train, yTrain, test, yTest, classes, o);
            assertTrue(separable.testTop1() > 0.95, "blobs: " + separable);
            assertEquals(separable, LinearProbe.fit(train, yTrain, test, yTest, classes, o), "same seed, same probe");
            NDArray noiseTrain = blobs(m, centres, yTrain, rng, false);
            NDArray noiseTest = blobs(m, centres, yTest, rng, false);
            LinearProbe.Result noise = LinearProbe.fit(noiseTrain, yTrain, noiseTest, yTest, classes, o);
            assertTrue(noise.testTop1() < 0.35, "features unrelated to the labels give chance: " + noise);
        }
    }

    private static int[] labels(int n, int classes, Random rng) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }

    private static NDArray blobs(NDManager m, float[][] centres, int[] y, Random rng, boolean informative) {
        int d = centres[0].length;
        float[] x = new float[y.length * d];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (informative ? centres[y[i]][j] : 0) + (float) rng.nextGaussian();
            }
        }
        return m.create(x, new Shape(y.length, d));
    }
}
