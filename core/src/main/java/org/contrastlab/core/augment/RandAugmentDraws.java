package org.contrastlab.core.augment;

/**
 * The RandAugment ops a batch of views drew: per view the layers it drew (0: none), then
 * {@link RandAugment#MAX_LAYERS} slots each of op ({@link RandAugment.Op} ordinal, -1 where the
 * drawn op did not fire) and argument. Allocated on the first op set, so batches of groups
 * without RandAugment carry none of it. Part of {@link ViewDraws}.
 */
final class RandAugmentDraws {
    private static final int LAYERS = RandAugment.MAX_LAYERS;
    private final int size;
    private int[] layers;
    private int[] op;
    private double[] arg;

    RandAugmentDraws(int size) {
        this.size = size;
    }

    /** How many RandAugment ops view {@code i} drew (0 when its group has none). */
    int layers(int i) {
        return layers == null ? 0 : layers[i];
    }

    /** View {@code i}'s op at layer {@code k} ({@link RandAugment.Op} ordinal), -1 where it did not fire. */
    int op(int i, int k) {
        return k < layers(i) ? op[i * LAYERS + k] : -1;
    }

    /** That op's argument ({@link RandAugment.Op#argument}). */
    double arg(int i, int k) {
        return arg[i * LAYERS + k];
    }

    /** The most layers any view drew. */
    int maxLayers() {
        int m = 0;
        for (int n : layers == null ? new int[0] : layers) {
            m = Math.max(m, n);
        }
        return m;
    }

    /** View {@code i} draws no op. */
    void clear(int i) {
        if (layers != null) {
            layers[i] = 0;
        }
    }

    /** Sets view {@code i}'s op at layer {@code k} (-1: drawn but did not fire). */
    void set(int i, int k, int opOrdinal, double argument) {
        if (k < 0 || k >= LAYERS || opOrdinal < -1 || opOrdinal >= RandAugment.Op.values().length) {
            throw new IllegalArgumentException("RandAugment layer " + k + " op " + opOrdinal + " is out of range");
        }
        if (layers == null) {
            layers = new int[size];
            op = new int[size * LAYERS];
            arg = new double[size * LAYERS];
        }
        op[i * LAYERS + k] = opOrdinal;
        arg[i * LAYERS + k] = argument;
        layers[i] = Math.max(layers[i], k + 1);
    }
}
