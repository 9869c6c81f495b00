package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The samplers' statistics against their definitions, over many draws. */
class ViewSamplerTest {
    private static final int DRAWS = 20000;

    @Test
    void cropAreaAndAspectRatioFollowTheirDistributions() {
        ViewGroup r = ViewGroup.builder().scale(0.08, 1.0).jitter(0.8, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.2).blur(0.5, 0.1, 2)
                .build();
        Random rng = new Random(1);
        double sumLogRatio = 0;
        int fallbacks = 0;
        int h = 480;
        int w = 480;
        double[] areas = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            ViewParams p = ViewSampler.sample(rng, h, w, r);
            assertTrue(p.cropTop() >= 0 && p.cropLeft() >= 0 && p.cropTop() + p.cropHeight() <= h && p.cropLeft() + p.cropWidth() <= w);
            double ratio = (double) p.cropWidth() / p.cropHeight();
            assertTrue(ratio >= 0.74 && ratio <= 1.36, "ratio " + ratio);
            sumLogRatio += Math.log(ratio);
            areas[i] = (double) p.cropWidth() * p.cropHeight() / (h * w);
            fallbacks += p.cropWidth() == w && p.cropHeight() == h ? 1 : 0;
        }
        // log-uniform ratio on [ln 3/4, ln 4/3] is symmetric around 0
        assertEquals(0, sumLogRatio / DRAWS, 0.01);
        Arrays.sort(areas);
        // On a square image an area a > 3/4 fits only for ratios in [a, 1/a], so it is accepted with
        // probability ln a / ln(3/4); below 3/4 always. The accepted density is therefore uniform on
        // [0.08, 0.75] and falls off above: total mass 0.67 + 0.119 = 0.789, so the lower quartile
        // is 0.08 + 0.25 · 0.789 = 0.277 and the median 0.08 + 0.5 · 0.789 = 0.474.
        assertEquals(0.277, areas[DRAWS / 4], 0.01);
        assertEquals(0.474, areas[DRAWS / 2], 0.01);
        assertTrue(areas[0] >= 0.079, "smallest area " + areas[0]);
        assertTrue(fallbacks < DRAWS / 100, "centre-crop fallbacks should be rare on a square image: " + fallbacks);
    }

    @Test
    void opsFireAtTheirProbabilities() {
        ViewGroup r = ViewGroup.builder().scale(0.2, 1.0).jitter(0.8, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.2)
                .blur(0.3, 0.1, 2).solarize(0.15, 0.5).build();
        Random rng = new Random(2);
        int flips = 0;
        int jitters = 0;
        int greys = 0;
        int blurs = 0;
        int solarized = 0;
        for (int i = 0; i < DRAWS; i++) {
            ViewParams p = ViewSampler.sample(rng, 32, 32, r);
            flips += p.flip() ? 1 : 0;
            jitters += p.jittered() ? 1 : 0;
            greys += p.grayscale() ? 1 : 0;
            blurs += p.blurred() ? 1 : 0;
            solarized += p.solarize() ? 1 : 0;
            if (p.jittered()) {
                assertTrue(p.brightness() >= 0.6 && p.brightness() <= 1.4);
                assertTrue(Math.abs(p.hue()) <= 0.1);
                assertEquals(6, Arrays.stream(p.jitterOrder()).sum(), "a permutation of 0..3");
            }
            if (p.blurred()) {
                assertTrue(p.blurSigma() >= 0.1 && p.blurSigma() <= 2);
            }
        }
        assertRate(0.5, flips);
        assertRate(0.8, jitters);
        assertRate(0.2, greys);
        assertRate(0.3, blurs);
        assertRate(0.15, solarized);
    }

    @Test
    void impossibleRatiosFallBackToACentreCrop() {
        // a 10:1 strip cannot hold a crop of ratio ≤ 4/3 with 90 % of the area: centre crop clamped to 4/3
        ViewGroup r = ViewGroup.builder().size(8).scale(0.9, 1.0).flipProbability(0).build();
        ViewParams p = ViewSampler.sample(new Random(4), 10, 100, r);
        assertEquals(10, p.cropHeight());
        assertEquals(13, p.cropWidth());
        assertEquals((100 - 13) / 2, p.cropLeft());
    }

    @Test
    void whereNoCropIsRejectedAreaIsUniformAndAspectRatioLogUniform() {
        // at most 0.5 of the area and a ratio within 3/4..4/3, every first try fits a square image
        ViewGroup r = ViewGroup.builder().scale(0.08, 0.5).build();
        Random rng = new Random(5);
        int side = 2000;
        double[] areas = new double[DRAWS];
        double[] logRatios = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            ViewParams p = ViewSampler.sample(rng, side, side, r);
            areas[i] = (double) p.cropWidth() * p.cropHeight() / ((double) side * side);
            logRatios[i] = Math.log((double) p.cropWidth() / p.cropHeight());
        }
        Arrays.sort(areas);
        Arrays.sort(logRatios);
        double lo = Math.log(3.0 / 4);
        double hi = Math.log(4.0 / 3);
        for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
            // the sample quantile of n = 20000 uniform draws lies within about 0.004 of the truth (4 sd)
            assertEquals(0.08 + q * 0.42, areas[(int) (q * DRAWS)], 0.42 * 0.013, "area quantile " + q);
            assertEquals(lo + q * (hi - lo), logRatios[(int) (q * DRAWS)], (hi - lo) * 0.013, "log-ratio quantile " + q);
        }
    }

    @Test
    void jitterOrdersAreUniformPermutations() {
        ViewGroup r = ViewGroup.builder().jitter(1, 0.4, 0.4, 0.4, 0.1).build();
        Random rng = new Random(6);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(Arrays.toString(ViewSampler.sample(rng, 32, 32, r).jitterOrder()), 1, Integer::sum);
        }
        assertEquals(24, counts.size());
        counts.values().forEach(c -> assertRate(1.0 / 24, c));
    }

    @Test
    void withTheSameSeedAnotherCropRangeChangesOnlyTheCrops() {
        ViewGroup wide = ViewGroup.builder().scale(0.08, 1.0).jitter(0.8, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.2)
                .blur(0.5, 0.1, 2).solarize(0.2, 0.5).build();
        ViewGroup narrow = wide.toBuilder().scale(0.9, 1.0).build();
        Random a = new Random(9);
        Random b = new Random(9);
        int cropsDiffer = 0;
        for (int i = 0; i < 200; i++) {
            ViewParams p = ViewSampler.sample(a, 40, 60, wide);
            ViewParams q = ViewSampler.sample(b, 40, 60, narrow);
            assertEquals(p.flip(), q.flip());
            assertEquals(Arrays.toString(p.jitterOrder()), Arrays.toString(q.jitterOrder()));
            assertEquals(p.brightness(), q.brightness());
            assertEquals(p.hue(), q.hue());
            assertEquals(p.grayscale(), q.grayscale());
            assertEquals(p.blurSigma(), q.blurSigma());
            assertEquals(p.solarize(), q.solarize());
            cropsDiffer += p.cropWidth() * p.cropHeight() != q.cropWidth() * q.cropHeight() ? 1 : 0;
        }
        assertTrue(cropsDiffer > 150, "the crops follow the range: " + cropsDiffer);
    }

    @Test
    void aBatchDrawnInPlaceHoldsWhatDrawingOneViewAtATimeGives() {
        ViewGroup g = ViewGroup.builder().scale(0.08, 1.0).jitter(0.8, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.2)
                .blur(0.5, 0.1, 2).solarize(0.2, 0.5).build();
        ViewDraws batch = Views.draw(new Random(21), 300, 40, 60, g);
        Random one = new Random(21);
        for (int i = 0; i < batch.size(); i++) {
            ViewParams want = ViewSampler.sample(one, 40, 60, g);
            assertEquals(want.describe(), batch.get(i).describe(), "view " + i);
            assertEquals(want.describe(), ViewDraws.of(List.of(want)).get(0).describe(), "round trip " + i);
        }
    }

    @Test
    void reseedingStartsTheStreamSeedsHasAlwaysMade() {
        // the views of runs and previews made before generators were reseeded in place stay the same
        Random reused = new Random(0);
        for (long seed : new long[] {0, 1, 7, -3, 123_456_789_012L, Long.MIN_VALUE}) {
            Random before = new Random(new SplittableRandom(seed).nextLong());
            Seeds.reseed(reused, seed);
            Random made = Seeds.random(seed);
            for (int k = 0; k < 5; k++) {
                long want = before.nextLong();
                assertEquals(want, reused.nextLong(), "seed " + seed);
                assertEquals(want, made.nextLong(), "seed " + seed);
            }
            Random stream = new Random(new SplittableRandom(new SplittableRandom(seed).nextLong()
                    ^ (5 * 0x9E3779B97F4A7C15L)).nextLong());
            assertEquals(stream.nextLong(), Seeds.random(seed, 5).nextLong(), "stream 5 of seed " + seed);
        }
    }

    private static void assertRate(double p, int count) {
        double sd = Math.sqrt(p * (1 - p) / DRAWS);
        assertEquals(p, (double) count / DRAWS, 4 * sd);
    }
}
