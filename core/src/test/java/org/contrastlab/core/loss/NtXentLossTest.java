package org.contrastlab.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NtXentLossTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final float[][] Z1 = {{1, 0, 0.5f}, {0.2f, 1, -0.3f}, {-1, 0.4f, 0.1f}};
    private static final float[][] Z2 = {{0.9f, 0.1f, 0.4f}, {0.1f, 0.8f, 0f}, {-0.7f, -0.2f, 0.6f}};

    @Test
    void matchesHandComputedReference() {
        float tau = 0.5f;
        double expected = reference(Z1, Z2, tau);
        double got = NtXentLoss.compute(array(Z1), array(Z2), tau).getFloat();
        assertEquals(expected, got, 1e-5);
    }

    @Test
    void isSymmetricInItsViews() {
        double a = NtXentLoss.compute(array(Z1), array(Z2), 0.2f).getFloat();
        double b = NtXentLoss.compute(array(Z2), array(Z1), 0.2f).getFloat();
        assertEquals(a, b, 1e-6);
    }

    @Test
    void equalsLogOfTwoNMinusOneWhenAllRowsAgree() {
        float[][] same = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 2, 3}};
        double got = NtXentLoss.compute(array(same), array(same), 0.1f).getFloat();
        assertEquals(Math.log(2 * 4 - 1), got, 1e-5);
    }

    @Test
    void fallsTowardsZeroWhenTwinsAlignAndOthersAreOrthogonal() {
        float[][] basis = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double cold = NtXentLoss.compute(array(basis), array(basis), 0.05f).getFloat();
        double warm = NtXentLoss.compute(array(basis), array(basis), 1f).getFloat();
        assertEquals(0, cold, 1e-6);
        assertEquals(true, warm > cold);
    }

    private static NDArray array(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }

    /** The SimCLR loss written out with doubles: mean over the 2N rows of −log softmax at the twin. */
    private static double reference(float[][] z1, float[][] z2, double tau) {
        int n = z1.length;
        double[][] u = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            u[i] = unit(z1[i]);
            u[n + i] = unit(z2[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int twin = i < n ? i + n : i - n;
            double denom = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    denom += Math.exp(dot(u[i], u[k]) / tau);
                }
            }
            total += -Math.log(Math.exp(dot(u[i], u[twin]) / tau) / denom);
        }
        return total / (2 * n);
    }

    private static double[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
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
}
