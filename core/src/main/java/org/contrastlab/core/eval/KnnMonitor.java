package org.contrastlab.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.data.ImageStore;

/**
 * kNN top-1 of a backbone: the bank is the (labelled) training split, the queries the
 * held-out split; both encoded afresh each time.
 */
public final class KnnMonitor {
    private final ImageStore bank;
    private final ImageStore queries;
    private final int k;
    private final float temperature;

    public KnnMonitor(ImageStore bank, ImageStore queries, int k, float temperature) {
        if (!bank.isLabelled() || !queries.isLabelled()) {
            throw new IllegalArgumentException("kNN needs labelled bank and query images");
        }
        this.bank = bank;
        this.queries = queries;
        this.k = k;
        this.temperature = temperature;
    }

    public double evaluate(Block backbone, ParameterStore parameters, Normalization normalization,
                           int imageSize, NDManager manager) {
        Embedder embedder = new Embedder(backbone, parameters, normalization, imageSize, 256);
        try (NDManager scope = manager.newSubManager()) {
            return top1(embedder.embed(bank, scope), embedder.embed(queries, scope));
        }
    }

    /**
     * As {@link #evaluate(Block, ParameterStore, Normalization, int, NDManager)} with the bank's and
     * the queries' pixels already on the device (uint8, in the stores' order): a run on a GPU
     * evaluates without copying its images there again.
     */
    public double evaluate(Block backbone, ParameterStore parameters, Normalization normalization, int imageSize,
                           NDArray bankPixels, NDArray queryPixels, NDManager manager) {
        Embedder embedder = new Embedder(backbone, parameters, normalization, imageSize, 256);
        try (NDManager scope = manager.newSubManager()) {
            return top1(embedder.embed(bankPixels, scope), embedder.embed(queryPixels, scope));
        }
    }

    private double top1(NDArray bankFeatures, NDArray queryFeatures) {
        return KnnClassifier.top1(bankFeatures, bank.labels(), queryFeatures, queries.labels(), bank.classNames().size(), k, temperature);
    }

    public int bankSize() {
        return bank.size();
    }

    public int querySize() {
        return queries.size();
    }
}
