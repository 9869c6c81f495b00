package org.contrastlab.core.embed;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * k-means of the rows of a matrix (Lloyd's iterations from a k-means++ start, seeded), to colour
 * a map by the clusters of the embedding space rather than by the labels.
 */
public final class KMeans {
    static final int ITERATIONS = 100;

    private KMeans() {
    }

    /** The cluster (0 … k−1) of each of the n rows of {@code x} (n × d). */
    public static int[] cluster(float[] x, int n, int d, int k, long seed) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(k + " clusters of " + n + " points");
        }
        Random rng = new Random(seed);
        double[][] centres = new double[k][d];
        // k-means++: each next centre drawn with probability ∝ squared distance to the nearest one
        int first = rng.nextInt(n);
        for (int j = 0; j < d; j++) {
            centres[0][j] = x[first * d + j];
        }
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], distance(x, i, d, centres[c - 1]));
                total += nearest[i];
            }
            double pick = rng.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                pick -= nearest[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            for (int j = 0; j < d; j++) {
                centres[c][j] = x[chosen * d + j];
            }
        }
        int[] assign = new int[n];
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] cs = centres;
            int[] next = IntStream.range(0, n).parallel().map(i -> {
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    double dist = distance(x, i, d, cs[c]);
                    if (dist < bestD) {
                        bestD = dist;
                        best = c;
                    }
                }
                return best;
            }).toArray();
            boolean changed = it == 0 || !Arrays.equals(next, assign);
            assign = next;
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assign[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assign[i]][j] += x[i * d + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        centres[c][j] = sums[c][j] / counts[c];
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return assign;
    }

    private static double distance(float[] x, int i, int d, double[] centre) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = x[i * d + j] - centre[j];
            s += v * v;
        }
        return s;
    }
}
