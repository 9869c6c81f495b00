package org.contrastlab.core.tsne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.contrastlab.core.env.NoGrad;

/**
 * Principal components: the covariance by one matrix product on the device, its leading
 * eigenvectors by orthogonal (subspace) iteration, each with the sign that makes its largest
 * coefficient positive (so the same data always gives the same picture).
 */
public record Pca(int dims, double[] mean, double[][] components, double[] variances) {
    static final int ITERATIONS = 500;

    /** The first {@code count} principal components of the rows of {@code x} (n × d). */
    public static Pca fit(float[] x, int n, int d, int count, NDManager manager) {
        if (count > d) {
            throw new IllegalArgumentException(count + " components of " + d + "-dimensional data");
        }
        double[] mean = new double[d];
        float[] cov;
        try (NoGrad off = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            NDArray all = scope.create(x, new Shape(n, d));
            NDArray mu = all.mean(new int[] {0}, true);
            float[] m = mu.toFloatArray();
            for (int j = 0; j < d; j++) {
                mean[j] = m[j];
            }
            NDArray centred = all.sub(mu);
            cov = centred.transpose().matMul(centred).div(Math.max(1, n - 1)).toFloatArray();
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = cov[i * d + j];
            }
        }
        double[][] v = new double[count][d];
        Random rng = new Random(0);
        for (double[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        orthonormalise(v);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] next = new double[count][];
            for (int a = 0; a < count; a++) {
                next[a] = times(c, v[a]);
            }
            orthonormalise(next);
            double change = 0;
            for (int a = 0; a < count; a++) {
                change = Math.max(change, 1 - Math.abs(dot(next[a], v[a])));
            }
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        double[] variances = new double[count];
        for (int a = 0; a < count; a++) {
            variances[a] = dot(v[a], times(c, v[a]));
            int largest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[a][j]) > Math.abs(v[a][largest])) {
                    largest = j;
                }
            }
            if (v[a][largest] < 0) {
                for (int j = 0; j < d; j++) {
                    v[a][j] = -v[a][j];
                }
            }
        }
        return new Pca(d, mean, v, variances);
    }

    /** The rows of {@code x} in the components' coordinates (n × count, row-major). */
    public double[] project(float[] x, int n) {
        int count = components.length;
        double[] out = new double[n * count];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < count; a++) {
                double s = 0;
                for (int j = 0; j < dims; j++) {
                    s += (x[i * dims + j] - mean[j]) * components[a][j];
                }
                out[i * count + a] = s;
            }
        }
        return out;
    }

    private static double[] times(double[][] c, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = dot(c[i], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gram-Schmidt, in place. */
    private static void orthonormalise(double[][] v) {
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < a; b++) {
                double p = dot(v[a], v[b]);
                for (int j = 0; j < v[a].length; j++) {
                    v[a][j] -= p * v[b][j];
                }
            }
            double norm = Math.sqrt(dot(v[a], v[a]));
            for (int j = 0; j < v[a].length; j++) {
                v[a][j] /= norm;
            }
        }
    }
}
