package org.contrastlab.core.augment;

import java.util.Random;

/**
 * Seeded generators for view parameters. {@code new Random(seed)} with small neighbouring seeds
 * (7, 8, 9, …) gives visibly correlated first draws (6 of the first 12 grayscale draws at
 * p = 0.2 for each of them); the seed is scrambled through SplitMix64 first.
 */
public final class Seeds {
    /** SplitMix64's increment (java.util.SplittableRandom's GOLDEN_GAMMA). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static Random random(long seed) {
        Random rng = new Random(0);
        reseed(rng, seed);
        return rng;
    }

    /**
     * Generator number {@code stream} of a seed (e.g. one per training step or epoch): each
     * depends on the pair only, so a resumed run draws what an uninterrupted one would have.
     */
    public static Random random(long seed, long stream) {
        return random(mix(seed) ^ (stream * GOLDEN_GAMMA));
    }

    /** 0 … n−1 in a random order (Fisher–Yates from the last place down, one {@code nextInt} per place). */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        permutation(p, 0, n, rng);
        return p;
    }

    /** As {@link #permutation(int, Random)}, written into {@code into[from .. from + n)}. */
    public static void permutation(int[] into, int from, int n, Random rng) {
        for (int i = 0; i < n; i++) {
            into[from + i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = from + rng.nextInt(i + 1);
            int t = into[from + i];
            into[from + i] = into[j];
            into[j] = t;
        }
    }

    /**
     * Sets {@code rng} to the state {@link #random(long)} starts in, without making a generator.
     */
    public static void reseed(Random rng, long seed) {
        rng.setSeed(mix(seed));
    }

    /** {@code new SplittableRandom(seed).nextLong()}: SplitMix64's mix of {@code seed + γ}. */
    private static long mix(long seed) {
        long z = seed + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
