package org.contrastlab.core.tsne;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * t-SNE's input similarities as a sparse symmetric matrix P (CSR, summing to 1): for each
 * point, p_{j|i} ∝ exp(−β_i·d²_ij) over its nearest neighbours, β_i found by binary search so
 * that the perplexity 2^H equals the one asked for (as in van der Maaten's bhtsne and
 * scikit-learn), then P = (P_cond + P_condᵀ) / 2N.
 */
public record Affinities(int n, int[] rowStart, int[] columns, double[] values) {
    static final double TOLERANCE = 1e-5;
    static final int STEPS = 200;

    /** P from each point's neighbours; the perplexity must be below the number of neighbours. */
    public static Affinities of(Neighbors nn, double perplexity) {
        int n = nn.n();
        int k = nn.k();
        if (perplexity >= k) {
            throw new IllegalArgumentException("perplexity " + perplexity + " needs more than " + k + " neighbours");
        }
        double[] conditional = new double[n * k];
        IntStream.range(0, n).parallel().forEach(i -> calibrate(nn.distances(), i * k, k, perplexity, conditional));
        // symmetrise: each (i, j, p) also as (j, i, p), bucketed by row, then merged by column
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            count[i + 1] += k;
            for (int t = 0; t < k; t++) {
                count[nn.indices()[i * k + t] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] fill = Arrays.copyOf(count, n);
        long[] entries = new long[2 * n * k]; // (column << 32) | entry number, sorted within a row
        double[] p = new double[2 * n * k];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                int j = nn.indices()[i * k + t];
                double v = conditional[i * k + t];
                int a = fill[i]++;
                entries[a] = ((long) j << 32) | a;
                p[a] = v;
                int b = fill[j]++;
                entries[b] = ((long) i << 32) | b;
                p[b] = v;
            }
        }
        int[] rowStart = new int[n + 1];
        int[] cols = new int[entries.length];
        double[] merged = new double[entries.length];
        int out = 0;
        for (int i = 0; i < n; i++) {
            Arrays.sort(entries, count[i], count[i + 1]);
            int lastColumn = -1;
            for (int e = count[i]; e < count[i + 1]; e++) {
                int column = (int) (entries[e] >>> 32);
                if (column != lastColumn) {
                    cols[out++] = column;
                    lastColumn = column;
                }
                merged[out - 1] += p[(int) entries[e]] / (2.0 * n);
            }
            rowStart[i + 1] = out;
        }
        return new Affinities(n, rowStart, Arrays.copyOf(cols, out), Arrays.copyOf(merged, out));
    }

    /** Row i's conditional probabilities at the β whose entropy is log(perplexity). */
    static void calibrate(float[] d2, int off, int k, double perplexity, double[] out) {
        double target = Math.log(perplexity);
        double beta = 1;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        // distances relative to the nearest one: the same P, no underflow for far-apart data
        double nearest = d2[off];
        for (int step = 0; step < STEPS; step++) {
            double sum = 0;
            double weighted = 0;
            for (int t = 0; t < k; t++) {
                double e = Math.exp(-beta * (d2[off + t] - nearest));
                out[off + t] = e;
                sum += e;
                weighted += e * (d2[off + t] - nearest);
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int t = 0; t < k; t++) {
                out[off + t] /= sum;
            }
            double gap = entropy - target;
            if (Math.abs(gap) < TOLERANCE) {
                return;
            }
            if (gap > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
    }

    /** The number of stored entries. */
    public int size() {
        return values.length;
    }
}
