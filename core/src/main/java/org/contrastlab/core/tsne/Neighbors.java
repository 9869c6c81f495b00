package org.contrastlab.core.tsne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.NoGrad;

/**
 * Exact k nearest neighbours (squared Euclidean distance, the point itself left out) by batched
 * matrix products on the device: for a block of queries, ‖a‖² + ‖b‖² − 2a·b against every point,
 * then the k smallest. Rows of {@code indices} and {@code distances} are sorted nearest first.
 */
public record Neighbors(int n, int k, int[] indices, float[] distances) {
    /** Queries per block: a block's distances to every point are {@code BLOCK × n} floats. */
    static final int BLOCK = 512;

    /** The {@code k} nearest neighbours of each row of {@code x} (n × d, row-major). */
    public static Neighbors of(float[] x, int n, int d, int k, NDManager manager) {
        if (k >= n) {
            throw new IllegalArgumentException(k + " neighbours asked of " + n + " points: need more points than neighbours");
        }
        int[] idx = new int[n * k];
        float[] dist = new float[n * k];
        try (NoGrad off = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            NDArray all = scope.create(x, new Shape(n, d));
            NDArray norms = all.square().sum(new int[] {1});
            for (int start = 0; start < n; start += BLOCK) {
                int end = Math.min(n, start + BLOCK);
                try (NDManager block = scope.newSubManager()) {
                    NDArray q = all.get(start + ":" + end);
                    q.attach(block);
                    NDArray d2 = q.matMul(all.transpose()).mul(-2f)
                            .add(norms.get(start + ":" + end).expandDims(1)).add(norms.expandDims(0));
                    // the point itself: pushed beyond every other distance
                    NDArray self = block.arange(start, end).expandDims(1);
                    NDArray cols = block.arange(n).expandDims(0);
                    d2 = d2.add(self.eq(cols).toType(DataType.FLOAT32, false).mul(Float.MAX_VALUE / 4));
                    NDList top = d2.topK(k, 1, false, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] which = top.get(1).toLongArray();
                    for (int i = 0; i < values.length; i++) {
                        dist[start * k + i] = Math.max(0f, values[i]);
                        idx[start * k + i] = (int) which[i];
                    }
                }
            }
        }
        return new Neighbors(n, k, idx, dist);
    }
}
