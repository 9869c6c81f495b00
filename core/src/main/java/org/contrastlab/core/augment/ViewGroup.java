package org.contrastlab.core.augment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code count} views drawn from an image with the same settings (the torchvision semantics
 * that the reference code of SimCLR, MoCo, BYOL, SwAV and DINO uses): a random-resized crop to
 * {@code size}×{@code size} with area uniform in [scaleMin, scaleMax] of the image and aspect
 * ratio log-uniform in [ratioMin, ratioMax]; a horizontal flip; colour jitter with its four
 * strengths, applied with a probability and in a random order; random grayscale; Gaussian blur
 * with sigma uniform in a range and a kernel of about 10% of the view size; solarize (pixels at
 * or above the threshold inverted); and optionally RandAugment ({@link RandAugment}, InfoMin's
 * views), after the blur and before the grayscale as in PyContrast. Every op fires with its own
 * probability.
 *
 * <p>Invalid values are refused with a message that names the field, as it is spelled in a
 * recipe file.
 */
public record ViewGroup(
        ViewRole role,
        int count,
        int size,
        double scaleMin, double scaleMax,
        double ratioMin, double ratioMax,
        Interpolation interpolation,
        double flipProbability,
        double jitterProbability, double brightness, double contrast, double saturation, double hue,
        double grayscaleProbability,
        double blurProbability, double blurSigmaMin, double blurSigmaMax,
        double solarizeProbability, double solarizeThreshold,
        @JsonInclude(JsonInclude.Include.NON_NULL) RandAugment randAugment) {

    public static final int MAX_SIZE = 1024;
    public static final int MAX_COUNT = 32;
    /** The widest jitter factor range, [max(0, 1 − s), 1 + s]: torchvision sets none, beyond 10 every view is black or white. */
    public static final double MAX_JITTER = 10;
    /** The most elongated crop aspect ratio (torchvision's default range is 3/4..4/3). */
    public static final double MAX_RATIO = 100;
    /** The widest blur (torchvision's GaussianBlur in SimCLR: σ 0.1..2). */
    public static final double MAX_SIGMA = 100;

    public ViewGroup {
        role = role == null ? ViewRole.GLOBAL : role;
        interpolation = interpolation == null ? Interpolation.BILINEAR : interpolation;
        List<String> problems = new ArrayList<>();
        check(problems, count >= 1 && count <= MAX_COUNT, "count must be within 1..%d, got %d", MAX_COUNT, count);
        check(problems, size >= 4 && size <= MAX_SIZE, "size must be within 4..%d px, got %d", MAX_SIZE, size);
        check(problems, scaleMin > 0 && scaleMax <= 1, "scaleMin and scaleMax must lie in (0, 1], got %s..%s", scaleMin, scaleMax);
        check(problems, scaleMin <= scaleMax, "scaleMin..scaleMax is an empty range (%s > %s)", scaleMin, scaleMax);
        check(problems, ratioMin > 0, "ratioMin must be positive, got %s", ratioMin);
        check(problems, ratioMin <= ratioMax, "ratioMin..ratioMax is an empty range (%s > %s)", ratioMin, ratioMax);
        probability(problems, "flipProbability", flipProbability);
        probability(problems, "jitterProbability", jitterProbability);
        check(problems, ratioMax <= MAX_RATIO, "ratioMax must be at most %s, got %s", MAX_RATIO, ratioMax);
        check(problems, brightness >= 0 && brightness <= MAX_JITTER, "brightness must be within [0, %s], got %s", MAX_JITTER, brightness);
        check(problems, contrast >= 0 && contrast <= MAX_JITTER, "contrast must be within [0, %s], got %s", MAX_JITTER, contrast);
        check(problems, saturation >= 0 && saturation <= MAX_JITTER, "saturation must be within [0, %s], got %s", MAX_JITTER, saturation);
        check(problems, hue >= 0 && hue <= 0.5, "hue must be within [0, 0.5], got %s", hue);
        probability(problems, "grayscaleProbability", grayscaleProbability);
        probability(problems, "blurProbability", blurProbability);
        check(problems, blurSigmaMin > 0, "blurSigmaMin must be positive, got %s", blurSigmaMin);
        check(problems, blurSigmaMin <= blurSigmaMax, "blurSigmaMin..blurSigmaMax is an empty range (%s > %s)", blurSigmaMin, blurSigmaMax);
        check(problems, blurSigmaMax <= MAX_SIGMA, "blurSigmaMax must be at most %s px, got %s", MAX_SIGMA, blurSigmaMax);
        probability(problems, "solarizeProbability", solarizeProbability);
        check(problems, solarizeThreshold >= 0 && solarizeThreshold <= 1, "solarizeThreshold must be within [0, 1], got %s",
                solarizeThreshold);
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
    }

    /**
     * SimCLR's view (google-research/simclr, data_util.py): crop scale 0.08–1, flip, colour
     * jitter (0.8s, 0.8s, 0.8s, 0.2s) with p=0.8, grayscale p=0.2, and blur p=0.5 with sigma
     * 0.1–2.0, where {@code blur} is off for 32 px data as in the CIFAR recipe.
     */
    public static ViewGroup simclr(int size, double strength, boolean blur) {
        return builder().count(2).size(size).scale(0.08, 1.0)
                .jitter(0.8, 0.8 * strength, 0.8 * strength, 0.8 * strength, 0.2 * strength)
                .grayscaleProbability(0.2).blur(blur ? 0.5 : 0.0, 0.1, 2.0).build();
    }

    /** The kernel size for the blur: about 10% of the view size, odd, at least 3. */
    public int blurKernelSize() {
        int k = (int) Math.round(0.1 * size);
        return Math.max(3, k % 2 == 0 ? k + 1 : k);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A global view of 32 px, crop scale 0.08–1, flip p=0.5 and no other op. */
    public static Builder builder() {
        return new Builder(null);
    }

    private static void probability(List<String> problems, String field, double p) {
        check(problems, p >= 0 && p <= 1, "%s must be a probability within [0, 1], got %s", field, p);
    }

    private static void check(List<String> problems, boolean ok, String format, Object... args) {
        if (!ok) {
            problems.add(String.format(Locale.ROOT, format, args));
        }
    }

    /** Builds a group field by field; {@link #build()} validates it. */
    public static final class Builder {
        private ViewRole role = ViewRole.GLOBAL;
        private int count = 1;
        private int size = 32;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private double ratioMin = 3.0 / 4;
        private double ratioMax = 4.0 / 3;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private double flipProbability = 0.5;
        private double jitterProbability;
        private double brightness;
        private double contrast;
        private double saturation;
        private double hue;
        private double grayscaleProbability;
        private double blurProbability;
        private double blurSigmaMin = 0.1;
        private double blurSigmaMax = 2.0;
        private double solarizeProbability;
        private double solarizeThreshold = 0.5;
        private RandAugment randAugment;

        private Builder(ViewGroup g) {
            if (g != null) {
                role = g.role;
                count = g.count;
                size = g.size;
                scaleMin = g.scaleMin;
                scaleMax = g.scaleMax;
                ratioMin = g.ratioMin;
                ratioMax = g.ratioMax;
                interpolation = g.interpolation;
                flipProbability = g.flipProbability;
                jitterProbability = g.jitterProbability;
                brightness = g.brightness;
                contrast = g.contrast;
                saturation = g.saturation;
                hue = g.hue;
                grayscaleProbability = g.grayscaleProbability;
                blurProbability = g.blurProbability;
                blurSigmaMin = g.blurSigmaMin;
                blurSigmaMax = g.blurSigmaMax;
                solarizeProbability = g.solarizeProbability;
                solarizeThreshold = g.solarizeThreshold;
                randAugment = g.randAugment;
            }
        }

        public Builder role(ViewRole v) {
            role = v;
            return this;
        }

        public Builder count(int v) {
            count = v;
            return this;
        }

        public Builder size(int v) {
            size = v;
            return this;
        }

        public Builder scale(double min, double max) {
            scaleMin = min;
            scaleMax = max;
            return this;
        }

        public Builder ratio(double min, double max) {
            ratioMin = min;
            ratioMax = max;
            return this;
        }

        public Builder interpolation(Interpolation v) {
            interpolation = v;
            return this;
        }

        public Builder flipProbability(double v) {
            flipProbability = v;
            return this;
        }

        /** Colour jitter with probability {@code p} and strengths (brightness, contrast, saturation, hue). */
        public Builder jitter(double p, double b, double c, double s, double h) {
            jitterProbability = p;
            brightness = b;
            contrast = c;
            saturation = s;
            hue = h;
            return this;
        }

        public Builder jitterProbability(double v) {
            jitterProbability = v;
            return this;
        }

        public Builder brightness(double v) {
            brightness = v;
            return this;
        }

        public Builder contrast(double v) {
            contrast = v;
            return this;
        }

        public Builder saturation(double v) {
            saturation = v;
            return this;
        }

        public Builder hue(double v) {
            hue = v;
            return this;
        }

        public Builder blurProbability(double v) {
            blurProbability = v;
            return this;
        }

        public Builder solarizeProbability(double v) {
            solarizeProbability = v;
            return this;
        }

        public Builder solarizeThreshold(double v) {
            solarizeThreshold = v;
            return this;
        }

        public Builder grayscaleProbability(double v) {
            grayscaleProbability = v;
            return this;
        }

        public Builder blur(double p, double sigmaMin, double sigmaMax) {
            blurProbability = p;
            blurSigmaMin = sigmaMin;
            blurSigmaMax = sigmaMax;
            return this;
        }

        public Builder solarize(double p, double threshold) {
            solarizeProbability = p;
            solarizeThreshold = threshold;
            return this;
        }

        /** RandAugment after the blur (null: none). */
        public Builder randAugment(RandAugment v) {
            randAugment = v;
            return this;
        }

        public ViewGroup build() {
            return new ViewGroup(role, count, size, scaleMin, scaleMax, ratioMin, ratioMax, interpolation,
                    flipProbability, jitterProbability, brightness, contrast, saturation, hue,
                    grayscaleProbability, blurProbability, blurSigmaMin, blurSigmaMax,
                    solarizeProbability, solarizeThreshold, randAugment);
        }
    }
}
