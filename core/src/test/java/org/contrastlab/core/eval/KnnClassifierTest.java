package org.contrastlab.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Weighted kNN voted on the device against the same vote counted by hand in doubles. */
class KnnClassifierTest {
    @Test
    void votesOnTheDeviceAgreeWithAHandCount() {
        int n = 2000;
        int m = 700; // more than one chunk of queries
        int d = 32;
        int classes = 10;
        int k = 20;
        float t = 0.1f;
        Random rng = new Random(4);
        float[][] centres = new float[classes][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) rng.nextGaussian();
            }
        }
        int[] bankLabels = new int[n];
        int[] queryLabels = new int[m];
        float[] bank = points(rng, centres, bankLabels);
        float[] queries = points(rng, centres, queryLabels);
        int[] predicted;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray b = manager.create(bank, new Shape(n, d));
            NDArray q = manager.create(queries, new Shape(m, d));
            predicted = KnnClassifier.predict(b, bankLabels, q, classes, k, t);
        }
        int[] expected = new int[m];
        for (int i = 0; i < m; i++) {
            int row = i;
            double[] sim = new double[n];
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    sim[j] += (double) queries[row * d + c] * bank[j * d + c];
                }
            }
            double[] votes = new double[classes];
            IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(j -> -sim[j])).limit(k)
                    .forEach(j -> votes[bankLabels[j]] += Math.exp(sim[j] / t));
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = votes[c] > votes[best] ? c : best;
            }
            expected[i] = best;
        }
        assertArrayEquals(expected, predicted);
        long right = IntStream.range(0, m).filter(i -> predicted[i] == queryLabels[i]).count();
        assertTrue(right > m / 2, "the clusters are found: " + right + " of " + m);
    }

    /** Unit rows near their class's centre; labels written into {@code labels}. */
    private static float[] points(Random rng, float[][] centres, int[] labels) {
        int d = centres[0].length;
        float[] out = new float[labels.length * d];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(centres.length);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = centres[labels[i]][j] + 1.5f * (float) rng.nextGaussian();
                norm += out[i * d + j] * out[i * d + j];
            }
            for (int j = 0; j < d; j++) {
                out[i * d + j] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }
}
