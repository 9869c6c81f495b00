package org.contrastlab.core.tsne;

import ai.djl.ndarray.NDManager;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * t-SNE of the rows of a matrix into two dimensions. Input similarities from the exact
 * 3·perplexity nearest neighbours ({@link Neighbors}, {@link Affinities}); PCA initialisation
 * scaled to a standard deviation of 1e-4 (scikit-learn's and openTSNE's default); early
 * exaggeration 12 for 250 iterations with momentum 0.5, then momentum 0.8; gains (+0.2 / ×0.8,
 * at least 0.01) and scikit-learn's automatic learning rate max(N/12/4, 50); the attractive
 * forces over P's entries and the repulsive ones by grid interpolation ({@link GridRepulsion}).
 * Seeded (a random initialisation draws from the seed), cancellable between iterations, and
 * reporting every iteration's layout.
 */
public final class TSne {
    /** The settings of one map. */
    public record Config(double perplexity, int iterations, int exaggerationIterations, double exaggeration,
                         double learningRate, boolean pcaInit, long seed) {
        /** Perplexity 30, 1000 iterations, 250 exaggerated by 12, automatic learning rate, PCA initialisation. */
        public static Config defaults() {
            return new Config(30, 1000, 250, 12, 0, true, 42);
        }

        public Config withPerplexity(double p) {
            return new Config(p, iterations, exaggerationIterations, exaggeration, learningRate, pcaInit, seed);
        }

        public Config withIterations(int n) {
            return new Config(perplexity, n, Math.min(exaggerationIterations, n), exaggeration, learningRate, pcaInit, seed);
        }

        public Config withSeed(long s) {
            return new Config(perplexity, iterations, exaggerationIterations, exaggeration, learningRate, pcaInit, s);
        }

        public Config withPcaInit(boolean pca) {
            return new Config(perplexity, iterations, exaggerationIterations, exaggeration, learningRate, pca, seed);
        }

        /** Refuses settings that cannot make a map of {@code n} points, saying why. */
        public void checkAgainst(int n) {
            if (n < 4) {
                throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
            }
            if (!(perplexity > 0) || 3 * perplexity >= n - 1) {
                throw new IllegalArgumentException("perplexity " + brief(perplexity) + " must be positive and below (n − 1)/3 = "
                        + brief((n - 1) / 3.0) + " for " + n + " points");
            }
            if (iterations < 1 || exaggerationIterations < 0 || exaggeration < 1) {
                throw new IllegalArgumentException("t-SNE needs ≥ 1 iteration and an exaggeration ≥ 1");
            }
        }
    }

    /** A number with at most four significant digits and no trailing zeros. */
    static String brief(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Sees the layout after each iteration (x, y interleaved); {@code kl} is NaN except every {@value #KL_EVERY} iterations. */
    @FunctionalInterface
    public interface Listener {
        void onIteration(int iteration, double[] layout, double kl);
    }

    /** A finished (or cancelled) map, with the similarities P it was made from. */
    public record Result(double[] layout, int iterations, double kl, boolean cancelled, Affinities similarities) {
    }

    static final int KL_EVERY = 50;
    static final double MIN_GAIN = 0.01;

    private TSne() {
    }

    /** The map of the rows of {@code x} (n × d, row-major). */
    public static Result run(float[] x, int n, int d, Config config, NDManager manager, BooleanSupplier cancelled, Listener listener) {
        config.checkAgainst(n);
        Affinities p = similarities(x, n, d, config.perplexity(), manager);
        double[] y = config.pcaInit() ? pcaStart(x, n, d, manager) : randomStart(n, config.seed());
        try (NDManager scope = manager.newSubManager()) {
            return optimise(p, y, config, new GridRepulsion(scope), cancelled, listener);
        }
    }

    /** Gradient descent from {@code y} (modified in place) on the similarities {@code p}. */
    static Result optimise(Affinities p, double[] y, Config config, GridRepulsion repulsion, BooleanSupplier cancelled, Listener listener) {
        int n = p.n();
        double rate = config.learningRate() > 0 ? config.learningRate() : Math.max(n / config.exaggeration() / 4, 50);
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        Arrays.fill(gains, 1);
        double kl = Double.NaN;
        for (int it = 0; it < config.iterations(); it++) {
            if (cancelled.getAsBoolean()) {
                return new Result(y, it, kl, true, p);
            }
            boolean early = it < config.exaggerationIterations();
            if (it == config.exaggerationIterations() && it > 0) {
                Arrays.fill(update, 0); // as scikit-learn: a fresh descent after the exaggeration
                Arrays.fill(gains, 1);
            }
            double momentum = early ? 0.5 : 0.8;
            Gradient grad = gradient(p, y, early ? config.exaggeration() : 1, repulsion);
            double z = grad.z();
            for (int i = 0; i < 2 * n; i++) {
                double g = grad.values()[i];
                gains[i] = update[i] * g < 0 ? gains[i] + 0.2 : Math.max(MIN_GAIN, gains[i] * 0.8);
                update[i] = momentum * update[i] - rate * gains[i] * g;
                y[i] += update[i];
            }
            boolean last = it == config.iterations() - 1;
            if ((it + 1) % KL_EVERY == 0 || last) {
                kl = klDivergence(p, y, last ? repulsion.evaluate(y, n).z() : z);
            }
            listener.onIteration(it + 1, y, (it + 1) % KL_EVERY == 0 || last ? kl : Double.NaN);
        }
        return new Result(y, config.iterations(), kl, false, p);
    }

    /** The gradient of KL(P‖Q) (x, y interleaved) and Q's normaliser Z. */
    record Gradient(double[] values, double z) {
    }

    /** ∂KL/∂y_i = 4 [e·Σ_j p_ij q_ij (y_i − y_j) − Σ_j q_ij² (y_i − y_j) / Z], q unnormalised, e the exaggeration. */
    static Gradient gradient(Affinities p, double[] y, double exaggeration, GridRepulsion repulsion) {
        GridRepulsion.Result rep = repulsion.evaluate(y, p.n());
        double[] g = attraction(p, y, exaggeration);
        for (int i = 0; i < g.length; i++) {
            g[i] = 4 * (g[i] - rep.repulsion()[i] / rep.z());
        }
        return new Gradient(g, rep.z());
    }

    /** KL(P‖Q) of any 2-D layout (x, y interleaved) against the similarities {@code p}: the same measure for any map. */
    public static double divergence(Affinities p, double[] layout, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return klDivergence(p, layout, new GridRepulsion(scope).evaluate(layout, p.n()).z());
        }
    }

    /** P of the rows of {@code x} at a perplexity, as {@link #run} computes it. */
    static Affinities similarities(float[] x, int n, int d, double perplexity, NDManager manager) {
        int k = Math.min(n - 1, (int) Math.floor(3 * perplexity));
        return Affinities.of(Neighbors.of(x, n, d, k, manager), perplexity);
    }

    /** Σ_j e·p_ij q_ij (y_i − y_j) per point, with q_ij = 1/(1 + ‖y_i − y_j‖²) unnormalised. */
    static double[] attraction(Affinities p, double[] y, double exaggeration) {
        double[] out = new double[y.length];
        IntStream.range(0, p.n()).parallel().forEach(i -> {
            double fx = 0;
            double fy = 0;
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.columns()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double w = p.values()[e] / (1 + dx * dx + dy * dy);
                fx += w * dx;
                fy += w * dy;
            }
            out[2 * i] = exaggeration * fx;
            out[2 * i + 1] = exaggeration * fy;
        });
        return out;
    }

    /** KL(P‖Q) over P's entries, with Q's normaliser {@code z}. */
    static double klDivergence(Affinities p, double[] y, double z) {
        return IntStream.range(0, p.n()).parallel().mapToDouble(i -> {
            double s = 0;
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.columns()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy) / z;
                double pij = p.values()[e];
                s += pij * Math.log(Math.max(pij, 1e-300) / Math.max(q, 1e-300));
            }
            return s;
        }).sum();
    }

    /** The first two principal components, scaled so the first has a standard deviation of 1e-4. */
    static double[] pcaStart(float[] x, int n, int d, NDManager manager) {
        double[] y = d >= 2 ? Pca.fit(x, n, d, 2, manager).project(x, n) : new double[2 * n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[2 * i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (y[2 * i] - mean) * (y[2 * i] - mean);
        }
        double std = Math.sqrt(var / n);
        double scale = std > 0 ? 1e-4 / std : 1;
        for (int i = 0; i < y.length; i++) {
            y[i] *= scale;
        }
        return y;
    }

    static double[] randomStart(int n, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * rng.nextGaussian();
        }
        return y;
    }
}
