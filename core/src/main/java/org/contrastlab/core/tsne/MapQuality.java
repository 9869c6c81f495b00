package org.contrastlab.core.tsne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.contrastlab.core.env.NoGrad;

/**
 * How faithful a 2-D map is to the data, over the same query points for any map: its
 * trustworthiness (Venna &amp; Kaski 2001, as scikit-learn's {@code trustworthiness}: are the map's
 * k nearest neighbours also near in the data?), the share of each point's k nearest neighbours
 * in the data kept among its k nearest on the map, and, with labels, the leave-one-out kNN
 * accuracy on the map. Above {@code sample} points, a seeded sample of queries stands for all
 * (each against every point), so that 70 k points take seconds.
 */
public record MapQuality(double trustworthiness, double knnPreserved, double knnAccuracy, int k, int queries) {
    /** Query points per block of the data-space distances. */
    static final int BLOCK = 256;

    /** @param labels the points' classes, or null (the accuracy is then NaN) */
    public static MapQuality measure(float[] x, int n, int d, double[] layout, int[] labels, int k, int sample, long seed,
            NDManager manager) {
        if (k < 1 || 3 * k >= 2 * n - 1) {
            throw new IllegalArgumentException(k + " neighbours are too many for " + n + " points");
        }
        int[] queries = queries(n, sample, seed);
        long rankExcess = 0;
        long kept = 0;
        long correct = 0;
        try (NoGrad off = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            NDArray all = scope.create(x, new Shape(n, d));
            NDArray norms = all.square().sum(new int[] {1});
            for (int start = 0; start < queries.length; start += BLOCK) {
                int end = Math.min(queries.length, start + BLOCK);
                float[] dist;
                try (NDManager block = scope.newSubManager()) {
                    NDArray which = block.create(Arrays.copyOfRange(queries, start, end));
                    NDArray q = all.get(which);
                    dist = q.matMul(all.transpose()).mul(-2f).add(norms.get(which).expandDims(1)).add(norms.expandDims(0)).toFloatArray();
                }
                int from = start;
                long[] parts = IntStream.range(0, end - start).parallel().mapToObj(b -> {
                    int i = queries[from + b];
                    int[] mapNear = nearestOnMap(layout, n, i, k);
                    int[] dataNear = nearest(dist, b * n, n, i, k);
                    long excess = 0;
                    long same = 0;
                    for (int j : mapNear) {
                        float dij = dist[b * n + j];
                        int rank = 1;
                        for (int l = 0; l < n; l++) {
                            if (l != i && dist[b * n + l] < dij) {
                                rank++;
                            }
                        }
                        excess += Math.max(0, rank - k);
                        for (int t : dataNear) {
                            if (t == j) {
                                same++;
                            }
                        }
                    }
                    long vote = labels == null ? 0 : (majority(labels, mapNear) == labels[i] ? 1 : 0);
                    return new long[] {excess, same, vote};
                }).reduce(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                rankExcess += parts[0];
                kept += parts[1];
                correct += parts[2];
            }
        }
        double m = queries.length;
        double trust = 1 - 2.0 / (k * (2.0 * n - 3.0 * k - 1)) * (rankExcess / m);
        return new MapQuality(trust, kept / (m * k), labels == null ? Double.NaN : correct / m, k, queries.length);
    }

    /** Every point when there are at most {@code sample}, else a seeded sample of that many. */
    static int[] queries(int n, int sample, long seed) {
        if (n <= sample) {
            return IntStream.range(0, n).toArray();
        }
        int[] all = IntStream.range(0, n).toArray();
        Random rng = new Random(seed);
        for (int i = 0; i < sample; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, sample);
        Arrays.sort(out);
        return out;
    }

    /** The k points nearest to point i on the map (i left out), nearest first. */
    static int[] nearestOnMap(double[] layout, int n, int i, int k) {
        float[] d = new float[n];
        for (int j = 0; j < n; j++) {
            double dx = layout[2 * i] - layout[2 * j];
            double dy = layout[2 * i + 1] - layout[2 * j + 1];
            d[j] = (float) (dx * dx + dy * dy);
        }
        return nearest(d, 0, n, i, k);
    }

    /** The k smallest of {@code d[off .. off+n)} other than entry i, smallest first. */
    static int[] nearest(float[] d, int off, int n, int i, int k) {
        int[] best = new int[k];
        float[] bestD = new float[k];
        int filled = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            float v = d[off + j];
            if (filled < k || v < bestD[filled - 1]) {
                int at = filled < k ? filled++ : k - 1;
                while (at > 0 && bestD[at - 1] > v) {
                    bestD[at] = bestD[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                bestD[at] = v;
                best[at] = j;
            }
        }
        return best;
    }

    /** The most frequent label among {@code near}; a tie goes to the label of the nearer points. */
    static int majority(int[] labels, int[] near) {
        Map<Integer, Integer> votes = new HashMap<>();
        int best = labels[near[0]];
        int bestVotes = 0;
        for (int j : near) {
            int v = votes.merge(labels[j], 1, Integer::sum);
            if (v > bestVotes) {
                bestVotes = v;
                best = labels[j];
            }
        }
        return best;
    }
}
