package org.contrastlab.core.loss;

import static org.contrastlab.core.loss.Ref.array;
import static org.contrastlab.core.loss.Ref.dot;
import static org.contrastlab.core.loss.Ref.logSumExp;
import static org.contrastlab.core.loss.Ref.unitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each loss against a plain-Java computation of its reference formula on small fixed inputs
 * (the sources are named in each loss's Javadoc), with its limits and symmetries where they hold.
 */
class LossesTest {
    private static NDManager m;

    private static final double[][] A = {{1, 0, 0.5}, {0.2, 1, -0.3}, {-1, 0.4, 0.1}, {0.3, -0.6, 0.9}};
    private static final double[][] B = {{0.9, 0.1, 0.4}, {0.1, 0.8, 0}, {-0.7, -0.2, 0.6}, {0.5, -0.1, 0.2}};
    private static final double[][] C = {{0.2, 0.3, -0.5}, {-0.4, 0.9, 0.1}, {0.6, 0.6, 0.6}, {-0.2, -0.8, 0.3}};

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void infoNceIsCrossEntropyWithThePositiveFirst() {
        double[][] q = unitRows(A);
        double[][] k = unitRows(B);
        double[][] neg = unitRows(C);
        double tau = 0.2;
        double expected = 0;
        for (int i = 0; i < q.length; i++) {
            double[] logits = new double[1 + neg.length];
            logits[0] = dot(q[i], k[i]) / tau;
            for (int j = 0; j < neg.length; j++) {
                logits[1 + j] = dot(q[i], neg[j]) / tau;
            }
            expected += logSumExp(logits) - logits[0];
        }
        expected /= q.length;
        double got = InfoNceLoss.compute(array(m, q), array(m, k), array(m, neg), (float) tau).getFloat();
        assertEquals(expected, got, 1e-5);
        // a query equal to its key, negatives orthogonal to it, a cold temperature: the loss vanishes
        double[][] e = {{1, 0, 0}};
        double[][] others = {{0, 1, 0}, {0, 0, 1}};
        assertEquals(0, InfoNceLoss.compute(array(m, e), array(m, e), array(m, others), 0.01f).getFloat(), 1e-6);
    }

    @Test
    void negativeCosineAndByolRegression() {
        double expected = 0;
        for (int i = 0; i < A.length; i++) {
            expected -= dot(Ref.unit(A[i]), Ref.unit(B[i]));
        }
        expected /= A.length;
        assertEquals(expected, NegativeCosineLoss.compute(array(m, A), array(m, B)).getFloat(), 1e-6);
        assertEquals(2 + 2 * expected, NegativeCosineLoss.byol(array(m, A), array(m, B)).getFloat(), 1e-5);
        // limits: −1 for the same direction (scale does not matter), +1 for the opposite one
        double[][] twice = new double[A.length][];
        double[][] minus = new double[A.length][];
        for (int i = 0; i < A.length; i++) {
            twice[i] = new double[] {2 * A[i][0], 2 * A[i][1], 2 * A[i][2]};
            minus[i] = new double[] {-A[i][0], -A[i][1], -A[i][2]};
        }
        assertEquals(-1, NegativeCosineLoss.compute(array(m, A), array(m, twice)).getFloat(), 1e-6);
        assertEquals(1, NegativeCosineLoss.compute(array(m, A), array(m, minus)).getFloat(), 1e-6);
        assertEquals(0, NegativeCosineLoss.byol(array(m, A), array(m, twice)).getFloat(), 1e-5);
    }

    @Test
    void noGradientReachesTheTargetOfTheStopGradient() {
        try (NDManager scope = m.newSubManager()) {
            NDArray p = array(scope, A);
            NDArray z = array(scope, B);
            p.setRequiresGradient(true);
            z.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(NegativeCosineLoss.compute(p, z));
            }
            assertTrue(p.getGradient().abs().sum().getFloat() > 1e-3, "the prediction is trained");
            assertEquals(0, z.getGradient().abs().sum().getFloat(), 0, "the target is not");
        }
    }

    @Test
    void crossCorrelationOfBatchNormalisedEmbeddings() {
        double lambda = 0.0051 * 10;
        double[][] za = standardize(A);
        double[][] zb = standardize(B);
        int n = A.length;
        int d = A[0].length;
        double expected = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = 0;
                for (int r = 0; r < n; r++) {
                    c += za[r][i] * zb[r][j];
                }
                c /= n;
                expected += i == j ? (1 - c) * (1 - c) : lambda * c * c;
            }
        }
        double got = CrossCorrelationLoss.compute(array(m, A), array(m, B), (float) lambda).getFloat();
        assertEquals(expected, got, 1e-4);
        // symmetric in its views (C becomes Cᵀ)
        assertEquals(got, CrossCorrelationLoss.compute(array(m, B), array(m, A), (float) lambda).getFloat(), 1e-5);
    }

    private static double[][] standardize(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[][] out = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / n;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / n;
            }
            for (int i = 0; i < n; i++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(var + 1e-5);
            }
        }
        return out;
    }

    @Test
    void swappedPredictionAveragesEveryViewPredictingEachGlobalCode() {
        double tau = 0.1;
        double[][][] scores = {A, B, C};
        double[][] q1 = softmaxRows(B, 1);
        double[][] q2 = softmaxRows(C, 0.5);
        double[][][] codes = {q1, q2};
        double expected = 0;
        int terms = 0;
        for (int g = 0; g < 2; g++) {
            for (int v = 0; v < 3; v++) {
                if (v == g) {
                    continue;
                }
                double term = 0;
                for (int i = 0; i < A.length; i++) {
                    double[] s = new double[A[0].length];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = scores[v][i][k] / tau;
                    }
                    double lse = logSumExp(s);
                    for (int k = 0; k < s.length; k++) {
                        term -= codes[g][i][k] * (s[k] - lse);
                    }
                }
                expected += term / A.length;
                terms++;
            }
        }
        expected /= terms;
        double got = SwappedPredictionLoss.compute(List.of(array(m, A), array(m, B), array(m, C)),
                List.of(array(m, q1), array(m, q2)), (float) tau).getFloat();
        assertEquals(expected, got, 1e-4);
    }

    private static double[][] softmaxRows(double[][] x, double t) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double[] s = new double[x[i].length];
            for (int k = 0; k < s.length; k++) {
                s[k] = x[i][k] / t;
            }
            double lse = logSumExp(s);
            for (int k = 0; k < s.length; k++) {
                out[i][k] = Math.exp(s[k] - lse);
            }
        }
        return out;
    }

    @Test
    void nceOfLemniscate() {
        double[][] p = {{0.9, 0.01, 0.02, 0.05}, {0.3, 0.2, 0.001, 0.4}};
        int n = 10;
        int k = 3;
        double pn = 1.0 / n;
        double expected = 0;
        for (double[] row : p) {
            expected -= Math.log(row[0] / (row[0] + k * pn + 1e-7));
            for (int j = 1; j < row.length; j++) {
                expected -= Math.log(k * pn / (row[j] + k * pn + 1e-7));
            }
        }
        expected /= p.length;
        assertEquals(expected, NceLoss.compute(array(m, p), n).getFloat(), 1e-5);
    }

    @Test
    void batchInstanceLossOfInvaSpread() {
        double tau = 0.1;
        double[][] x1 = unitRows(A);
        double[][] x2 = unitRows(B);
        int n = x1.length;
        double[][] x = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            x[i] = x1[i];
            x[n + i] = x2[i];
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int twin = (i + n) % (2 * n);
            double[] a = new double[2 * n];
            double div = 0;
            for (int j = 0; j < 2 * n; j++) {
                a[j] = j == i ? 0 : Math.exp(dot(x[i], x[j]) / tau);
                div += a[j];
            }
            total += Math.log(a[twin] / div);
            for (int j = 0; j < 2 * n; j++) {
                if (j != i && j != twin) {
                    total += Math.log(1 - a[j] / div);
                }
            }
        }
        double expected = -total / (2 * n);
        double got = BatchInstanceLoss.compute(array(m, x1), array(m, x2), (float) tau).getFloat();
        assertEquals(expected, got, 1e-4);
    }

    @Test
    void multiViewNtXentTreatsEveryOtherCropOfAnImageAsPositive() {
        double tau = 0.5;
        double[][][] views = {unitRows(A), unitRows(B), unitRows(C)};
        int v = views.length;
        int n = A.length;
        double expected = 0;
        for (int a = 0; a < v; a++) {
            for (int i = 0; i < n; i++) {
                double[] logits = new double[v * n - 1];
                int at = 0;
                for (int b = 0; b < v; b++) {
                    for (int j = 0; j < n; j++) {
                        if (b != a || j != i) {
                            logits[at++] = dot(views[a][i], views[b][j]) / tau;
                        }
                    }
                }
                double lse = logSumExp(logits);
                double row = 0;
                for (int b = 0; b < v; b++) {
                    if (b != a) {
                        row -= dot(views[a][i], views[b][i]) / tau - lse;
                    }
                }
                expected += row / (v - 1);
            }
        }
        expected /= v * n;
        double got = NtXentLoss.compute(List.of(array(m, A), array(m, B), array(m, C)), (float) tau).getFloat();
        assertEquals(expected, got, 1e-4);
        // two views: the classic NT-Xent
        assertEquals(NtXentLoss.compute(array(m, A), array(m, B), (float) tau).getFloat(),
                NtXentLoss.compute(List.of(array(m, A), array(m, B)), (float) tau).getFloat(), 1e-6);
    }

    @Test
    void ntXentWithAMemoryAddsItsRowsToEveryDenominator() {
        double tau = 0.5;
        double[][][] views = {unitRows(A), unitRows(B)};
        double[][] memory = unitRows(C);
        int n = A.length;
        double expected = 0;
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < n; i++) {
                double[] logits = new double[2 * n - 1 + memory.length];
                int at = 0;
                for (int b = 0; b < 2; b++) {
                    for (int j = 0; j < n; j++) {
                        if (b != a || j != i) {
                            logits[at++] = dot(views[a][i], views[b][j]) / tau;
                        }
                    }
                }
                for (double[] row : memory) {
                    logits[at++] = dot(views[a][i], row) / tau;
                }
                expected -= dot(views[a][i], views[1 - a][i]) / tau - logSumExp(logits);
            }
        }
        expected /= 2 * n;
        NDArray mem = array(m, C);
        NDArray unit = mem.div(mem.norm(new int[] {1}, true));
        double got = NtXentLoss.compute(List.of(array(m, A), array(m, B)), unit, (float) tau).getFloat();
        assertEquals(expected, got, 1e-4);
        assertTrue(got > NtXentLoss.compute(List.of(array(m, A), array(m, B)), (float) tau).getFloat(),
                "more negatives, a larger loss");
    }
}
