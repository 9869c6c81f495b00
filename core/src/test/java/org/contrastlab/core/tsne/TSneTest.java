package org.contrastlab.core.tsne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class TSneTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void calibratesThePerplexityOfARowAsComputedByHand() {
        // d² = 1, 2, 4 at perplexity 2.5: bisection by hand on H(β) = ln 2.5 gives β = 0.576035 and
        // p = (0.574797, 0.323107, 0.102096)
        double[] p = new double[3];
        Affinities.calibrate(new float[] {1, 2, 4}, 0, 3, 2.5, p);
        assertArrayEquals(new double[] {0.574797, 0.323107, 0.102096}, p, 1e-5);
        double entropy = 0;
        for (double v : p) {
            entropy -= v * Math.log(v);
        }
        assertEquals(Math.log(2.5), entropy, 1e-5);
    }

    @Test
    void symmetricAffinitiesSumToOne() {
        float[] x = clusters(60, 5, 3, 1);
        Affinities p = Affinities.of(Neighbors.of(x, 60, 5, 15, manager), 5);
        double sum = 0;
        for (double v : p.values()) {
            sum += v;
        }
        assertEquals(1, sum, 1e-9);
        // P is symmetric: p_ij = p_ji
        for (int i = 0; i < 60; i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                assertEquals(p.values()[e], entry(p, p.columns()[e], i), 1e-15);
            }
        }
    }

    @Test
    void neighboursAreTheExactNearestOnes() {
        float[] x = clusters(200, 7, 4, 2);
        Neighbors nn = Neighbors.of(x, 200, 7, 5, manager);
        for (int i = 0; i < 200; i += 17) {
            double[] d = new double[200];
            for (int j = 0; j < 200; j++) {
                d[j] = j == i ? Double.MAX_VALUE : sq(x, i, j, 7);
            }
            int[] order = IntStream.range(0, 200).boxed().sorted((a, b) -> Double.compare(d[a], d[b]))
                    .mapToInt(Integer::intValue).toArray();
            for (int t = 0; t < 5; t++) {
                assertEquals(d[order[t]], nn.distances()[i * 5 + t], 1e-3 * (1 + d[order[t]]));
            }
        }
    }

    @Test
    void theGradientMatchesFiniteDifferencesOfTheExactDivergence() {
        int n = 40;
        float[] x = clusters(n, 6, 3, 3);
        Affinities p = Affinities.of(Neighbors.of(x, n, 6, 30, manager), 8);
        Random rng = new Random(4);
        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = 3 * rng.nextGaussian();
        }
        // a fine grid: the gradient's algebra, to finite-difference precision
        TSne.Gradient g = TSne.gradient(p, y, 1, new GridRepulsion(0.05, manager));
        assertEquals(exactZ(y, n), g.z(), 1e-4 * exactZ(y, n), "Z by interpolation");
        double h = 1e-5;
        for (int i = 0; i < 2 * n; i += 3) {
            double keep = y[i];
            y[i] = keep + h;
            double up = exactKl(p, y, n);
            y[i] = keep - h;
            double down = exactKl(p, y, n);
            y[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, g.values()[i], 1e-3 * Math.abs(numeric) + 1e-6, "coordinate " + i);
        }
    }

    @Test
    void theDefaultGridIsCloseToTheExactForces() {
        int n = 1500;
        Random rng = new Random(3);
        for (double range : new double[] {5, 40, 120}) {
            double[] y = new double[2 * n];
            for (int i = 0; i < n; i++) {
                y[2 * i] = (i % 10) * range / 10 + rng.nextGaussian();
                y[2 * i + 1] = ((i / 10) % 10) * range / 10 + rng.nextGaussian();
            }
            GridRepulsion.Result g = new GridRepulsion(manager).evaluate(y, n);
            double z = exactZ(y, n);
            double err = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double rx = 0;
                double ry = 0;
                for (int j = 0; j < n; j++) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    double k = 1 / (1 + dx * dx + dy * dy);
                    rx += k * k * dx;
                    ry += k * k * dy;
                }
                err += Math.pow(g.repulsion()[2 * i] - rx, 2) + Math.pow(g.repulsion()[2 * i + 1] - ry, 2);
                norm += rx * rx + ry * ry;
            }
            // the price of a coarse grid: within 1 % (Z) and 5 % (forces), as Barnes-Hut at θ = 0.5
            assertEquals(z, g.z(), 1e-2 * z, "Z at range " + range);
            assertTrue(Math.sqrt(err / norm) < 0.05, "repulsion error " + Math.sqrt(err / norm) + " at range " + range);
        }
    }

    @Test
    void wellSeparatedClustersStaySeparated() {
        int n = 300;
        float[] x = clusters(n, 10, 3, 5);
        TSne.Result r = TSne.run(x, n, 10, TSne.Config.defaults().withIterations(500), manager, () -> false, (i, y, kl) -> { });
        // every point's nearest neighbour on the map is of its cluster
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                double dx = r.layout()[2 * i] - r.layout()[2 * j];
                double dy = r.layout()[2 * i + 1] - r.layout()[2 * j + 1];
                if (j != i && dx * dx + dy * dy < bestD) {
                    bestD = dx * dx + dy * dy;
                    best = j;
                }
            }
            assertEquals(i % 3, best % 3, "point " + i);
        }
        assertTrue(r.kl() > 0 && r.kl() < 2, "KL " + r.kl());
    }

    @Test
    void theSameSeedGivesTheSameMapAndACancelledRunStops() {
        int n = 120;
        float[] x = clusters(n, 4, 2, 6);
        TSne.Config c = TSne.Config.defaults().withIterations(100).withPcaInit(false).withSeed(7).withPerplexity(10);
        double[] a = TSne.run(x, n, 4, c, manager, () -> false, (i, y, kl) -> { }).layout();
        double[] b = TSne.run(x, n, 4, c, manager, () -> false, (i, y, kl) -> { }).layout();
        assertArrayEquals(a, b);
        double[] other = TSne.run(x, n, 4, c.withSeed(8), manager, () -> false, (i, y, kl) -> { }).layout();
        assertFalse(Arrays.equals(a, other));
        AtomicInteger seen = new AtomicInteger();
        TSne.Result stopped = TSne.run(x, n, 4, c, manager, () -> seen.get() >= 10, (i, y, kl) -> seen.set(i));
        assertTrue(stopped.cancelled());
        assertEquals(10, stopped.iterations());
    }

    @Test
    void refusesAPerplexityTooLargeForThePoints() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TSne.run(clusters(50, 3, 2, 1), 50, 3, TSne.Config.defaults(), manager, () -> false, (i, y, kl) -> { }));
        assertTrue(e.getMessage().contains("perplexity 30 must be positive and below (n − 1)/3 = 16.33 for 50 points"), e.getMessage());
    }

    /** {@code n} points in {@code d} dimensions around {@code k} centres 20 apart (point i in cluster i mod k). */
    public static float[] clusters(int n, int d, int k, long seed) {
        Random rng = new Random(seed);
        float[][] centres = new float[k][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) (20 * rng.nextGaussian());
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[i % k][j] + (float) rng.nextGaussian();
            }
        }
        return x;
    }

    private static double sq(float[] x, int i, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = x[i * d + t] - x[j * d + t];
            s += v * v;
        }
        return s;
    }

    private static double entry(Affinities p, int i, int j) {
        for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
            if (p.columns()[e] == j) {
                return p.values()[e];
            }
        }
        return 0;
    }

    private static double exactZ(double[] y, int n) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    z += 1 / (1 + dx * dx + dy * dy);
                }
            }
        }
        return z;
    }

    private static double exactKl(Affinities p, double[] y, int n) {
        return TSne.klDivergence(p, y, exactZ(y, n));
    }
}
