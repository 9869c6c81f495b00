package org.contrastlab.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.HostPack;

/**
 * Weighted k-nearest-neighbour classification of L2-normalised features (Wu et al. 2018,
 * the evaluation of InstDisc; MoCo's CIFAR demo): each query's k most cosine-similar bank
 * features vote for their labels with weight exp(s/τ); the class with the largest total wins.
 */
public final class KnnClassifier {
    private static final int QUERY_CHUNK = 512;

    private KnnClassifier() {
    }

    /**
     * @param bank (N, d) normalised features
     * @param bankLabels N labels in 0..classes−1
     * @param queries (M, d) normalised features
     * @param queryLabels M true labels
     * @return the share of queries whose predicted class is their label
     */
    public static double top1(NDArray bank, int[] bankLabels, NDArray queries, int[] queryLabels,
                              int classes, int k, float temperature) {
        int[] predicted = predict(bank, bankLabels, queries, classes, k, temperature);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == queryLabels[i] ? 1 : 0;
        }
        return (double) correct / predicted.length;
    }

    /**
     * The predicted class of every query. The votes are counted on the features' device: each
     * query's k most similar bank rows give their one-hot labels weighted by exp(s/τ), summed per
     * class; only the winning class of each query is read back (not k similarities and indices).
     */
    public static int[] predict(NDArray bank, int[] bankLabels, NDArray queries, int classes, int k, float temperature) {
        int n = (int) bank.getShape().get(0);
        int m = (int) queries.getShape().get(0);
        int kk = Math.min(k, n);
        int[] out = new int[m];
        try (NDManager run = queries.getManager().newSubManager()) {
            HostPack labels = new HostPack();
            int handle = labels.addIndices(bankLabels);
            NDArray oneHot = labels.upload(run).get(handle).oneHot(classes).toType(DataType.FLOAT32, false);
            NDArray invTemperature = run.full(new Shape(), 1f / temperature);
            for (int start = 0; start < m; start += QUERY_CHUNK) {
                int end = Math.min(m, start + QUERY_CHUNK);
                try (NDManager scope = run.newSubManager()) {
                    NDArray q = queries.get(start + ":" + end);
                    q.attach(scope);
                    NDList top = q.matMul(bank.transpose()).topK(kk, 1);
                    NDArray weights = top.get(0).mul(invTemperature).exp().expandDims(2);
                    NDArray neighbours = oneHot.get(top.get(1).toType(DataType.INT64, false).flatten())
                            .reshape(end - start, kk, classes);
                    long[] winners = neighbours.mul(weights).sum(new int[] {1}).argMax(1).toType(DataType.INT64, false)
                            .toLongArray();
                    for (int r = 0; r < end - start; r++) {
                        out[start + r] = (int) winners[r];
                    }
                }
            }
        }
        return out;
    }
}
