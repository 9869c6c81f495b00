package org.contrastlab.core.augment;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded generators for view parameters. {@code new Random(seed)} with small neighbouring seeds
 * (7, 8, 9, …) gives visibly correlated first draws (6 of the first 12 grayscale draws at
 * p = 0.2 for each of them); the seed is scrambled through SplitMix64 first.
 */
public final class Seeds {
    private Seeds() {
    }

    public static Random random(long seed) {
        return new Random(new SplittableRandom(seed).nextLong());
    }

    /**
     * Generator number {@code stream} of a seed (e.g. one per training step or epoch): each
     * depends on the pair only, so a resumed run draws what an uninterrupted one would have.
     */
    public static Random random(long seed, long stream) {
        return new Random(new SplittableRandom(new SplittableRandom(seed).nextLong() ^ (stream * 0x9E3779B97F4A7C15L)).nextLong());
    }

    /** 0 … n−1 in a random order (Fisher–Yates from the last place down, one {@code nextInt} per place). */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
