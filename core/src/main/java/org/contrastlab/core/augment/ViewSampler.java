package org.contrastlab.core.augment;

import java.util.Random;

/**
 * Draws view parameters ({@link ViewParams}, or a batch's {@link ViewDraws}) from a {@link ViewGroup} with the sampling rules of
 * torchvision's
 * {@code RandomResizedCrop.get_params} and {@code ColorJitter.get_params}: area uniform in the
 * scale range, log-uniform aspect ratio, up to 10 tries, then a centre crop of the whole image
 * clamped to the ratio range; jitter factors uniform in [max(0, 1−s), 1+s], hue in [−h, h],
 * the four ops in a random order; solarize with its probability. The crop and the other ops
 * draw from separate streams seeded by one draw per view.
 */
public final class ViewSampler {
    private static final int CROP_TRIES = 10;

    private ViewSampler() {
    }

    /** One view's parameters, drawn as {@link #sample(Random, int, int, ViewGroup, ViewDraws, int)} draws them. */
    public static ViewParams sample(Random views, int height, int width, ViewGroup r) {
        ViewDraws one = new ViewDraws(1);
        sample(views, height, width, r, one, 0);
        return one.get(0);
    }

    /** Draws view {@code i} of {@code out}, making no object. */
    public static void sample(Random views, int height, int width, ViewGroup r, ViewDraws out, int i) {
        // one draw from the caller's stream per view, split into a stream for the crop and one for
        // the other ops: how many tries a crop takes never shifts the colour draws, so with a fixed
        // seed, moving the crop range changes the crops and nothing else
        long seed = views.nextLong();
        Seeds.reseed(out.cropStream, seed);
        crop(out.cropStream, height, width, r, out, i);
        Random rng = out.opStream;
        Seeds.reseed(rng, seed ^ 0x5DEECE66DL);
        out.flip(i, rng.nextDouble() < r.flipProbability());
        out.noJitter(i);
        if (rng.nextDouble() < r.jitterProbability()) {
            out.jitterOrder(i, rng);
            double b = factor(rng, r.brightness());
            double c = factor(rng, r.contrast());
            double s = factor(rng, r.saturation());
            double h = r.hue() == 0 ? 0 : (rng.nextDouble() * 2 - 1) * r.hue();
            out.jitterFactors(i, b, c, s, h);
        }
        boolean gray = rng.nextDouble() < r.grayscaleProbability();
        double sigma = 0;
        if (rng.nextDouble() < r.blurProbability()) {
            sigma = r.blurSigmaMin() + rng.nextDouble() * (r.blurSigmaMax() - r.blurSigmaMin());
        }
        out.rest(i, gray, sigma, rng.nextDouble() < r.solarizeProbability());
        out.rand().clear(i);
        if (r.randAugment() != null) {
            // drawn after every other op, so that a recipe without RandAugment draws what it always did
            r.randAugment().draw(rng, out, i);
        }
    }

    /** The (top, left, height, width) of a random-resized crop, written into view {@code i}. */
    private static void crop(Random rng, int height, int width, ViewGroup r, ViewDraws out, int i) {
        double area = (double) height * width;
        double logMin = Math.log(r.ratioMin());
        double logMax = Math.log(r.ratioMax());
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * (r.scaleMin() + rng.nextDouble() * (r.scaleMax() - r.scaleMin()));
            double ratio = Math.exp(logMin + rng.nextDouble() * (logMax - logMin));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                out.crop(i, top, left, h, w);
                return;
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < r.ratioMin()) {
            w = width;
            h = (int) Math.round(w / r.ratioMin());
        } else if (inRatio > r.ratioMax()) {
            h = height;
            w = (int) Math.round(h * r.ratioMax());
        } else {
            w = width;
            h = height;
        }
        out.crop(i, (height - h) / 2, (width - w) / 2, h, w);
    }

    private static double factor(Random rng, double strength) {
        if (strength == 0) {
            return 1;
        }
        double lo = Math.max(0, 1 - strength);
        return lo + rng.nextDouble() * (1 + strength - lo);
    }
}
