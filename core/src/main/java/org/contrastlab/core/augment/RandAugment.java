package org.contrastlab.core.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * RandAugment (Cubuk et al. 2019) as InfoMin's views use it (Tian et al. 2020, PyContrast's
 * augmentation "D": {@code rand-n2-m10-mstd0.5}, after the colour jitter and the blur): each view
 * draws {@code layers} ops uniformly from the fifteen below (with replacement), each fires with
 * {@code probability}, at a magnitude drawn from a normal around {@code magnitude} with
 * {@code magnitudeStd}, clipped to [0, 10]. The magnitude maps to each op's argument as in the
 * timm-derived {@code RandAugment.py} of HobbitLong/PyContrast (rotation up to 30°, shear up to 0.3,
 * translation up to 45 % of the side, enhancement factors 0.1–1.9, posterize to 0–4 bits, ...),
 * and each op does what PIL's does on 8-bit levels ({@link RandAugmentOps}).
 *
 * <p>In a recipe file it is a group's {@code randAugment} entry; a field left out takes
 * PyContrast's value:
 * <pre>
 * randAugment: {layers: 2, magnitude: 10, magnitudeStd: 0.5, probability: 0.5}
 * </pre>
 *
 * @param layers       ops drawn per view (PyContrast 2)
 * @param magnitude    the magnitude on RandAugment's scale of 0..10 (PyContrast 10)
 * @param magnitudeStd the standard deviation of the magnitude's noise (PyContrast 0.5; 0: fixed)
 * @param probability  the chance each drawn op fires (PyContrast 0.5)
 */
public record RandAugment(Integer layers, Double magnitude, Double magnitudeStd, Double probability) {
    /** The most ops a view can draw. */
    public static final int MAX_LAYERS = 4;
    /** RandAugment's magnitude scale (timm's {@code _MAX_LEVEL}). */
    public static final double MAX_LEVEL = 10;

    public RandAugment {
        layers = layers == null ? 2 : layers;
        magnitude = magnitude == null ? MAX_LEVEL : magnitude;
        magnitudeStd = magnitudeStd == null ? 0.5 : magnitudeStd;
        probability = probability == null ? 0.5 : probability;
        List<String> problems = new ArrayList<>();
        if (layers < 1 || layers > MAX_LAYERS) {
            problems.add(String.format(Locale.ROOT, "layers must be within 1..%d, got %d", MAX_LAYERS, layers));
        }
        if (!(magnitude >= 0 && magnitude <= MAX_LEVEL)) {
            problems.add(String.format(Locale.ROOT, "magnitude must be within [0, 10], got %s", magnitude));
        }
        if (!(magnitudeStd >= 0 && magnitudeStd <= MAX_LEVEL)) {
            problems.add(String.format(Locale.ROOT, "magnitudeStd must be within [0, 10], got %s", magnitudeStd));
        }
        if (!(probability >= 0 && probability <= 1)) {
            problems.add(String.format(Locale.ROOT, "probability must be a probability within [0, 1], got %s", probability));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
    }

    /** PyContrast's InfoMin setting: two ops, magnitude 10 with noise 0.5, each firing half the time. */
    public static RandAugment infoMin() {
        return new RandAugment(2, MAX_LEVEL, 0.5, 0.5);
    }

    /** The ops, in PyContrast's {@code _RAND_TRANSFORMS} order; names as there. */
    public enum Op {
        AUTO_CONTRAST("AutoContrast"), EQUALIZE("Equalize"), INVERT("Invert"), ROTATE("Rotate"), POSTERIZE("PosterizeTpu"),
        SOLARIZE("Solarize"), SOLARIZE_ADD("SolarizeAdd"), COLOR("Color"), CONTRAST("Contrast"), BRIGHTNESS("Brightness"),
        SHARPNESS("Sharpness"), SHEAR_X("ShearX"), SHEAR_Y("ShearY"), TRANSLATE_X("TranslateXRel"), TRANSLATE_Y("TranslateYRel");

        private static final Op[] ALL = values();
        private final String label;

        Op(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Op of(int ordinal) {
            return ALL[ordinal];
        }

        /** Moves pixels (an affine warp), rather than changing their values. */
        public boolean geometric() {
            return this == ROTATE || this == SHEAR_X || this == SHEAR_Y || this == TRANSLATE_X || this == TRANSLATE_Y;
        }

        /**
         * The op's argument at {@code level} (0..10), as PyContrast's {@code *_level_to_arg}: degrees,
         * shear factor, translation as a share of the side (these three negated half the time, from
         * {@code rng}), kept bits, a threshold or an addend in 8-bit levels, or an enhancement factor.
         * Ops without an argument give 0.
         */
        public double argument(double level, Random rng) {
            double t = level / MAX_LEVEL;
            return switch (this) {
                case ROTATE -> signed(t * 30, rng);
                case SHEAR_X, SHEAR_Y -> signed(t * 0.3, rng);
                case TRANSLATE_X, TRANSLATE_Y -> signed(t * 0.45, rng);
                case POSTERIZE -> (int) (t * 4);
                case SOLARIZE -> (int) (t * 256);
                case SOLARIZE_ADD -> (int) (t * 110);
                case COLOR, CONTRAST, BRIGHTNESS, SHARPNESS -> t * 1.8 + 0.1;
                default -> 0;
            };
        }

        private static double signed(double v, Random rng) {
            return rng.nextDouble() < 0.5 ? -v : v;
        }
    }

    /** Draws view {@code i}'s ops into {@code out} from {@code rng}: an op per layer, -1 where it did not fire. */
    void draw(Random rng, ViewDraws out, int i) {
        for (int k = 0; k < layers; k++) {
            Op op = Op.of(rng.nextInt(Op.ALL.length));
            if (rng.nextDouble() < probability) {
                double level = Math.min(MAX_LEVEL, Math.max(0, magnitude + magnitudeStd * rng.nextGaussian()));
                out.rand().set(i, k, op.ordinal(), op.argument(level, rng));
            } else {
                out.rand().set(i, k, -1, 0);
            }
        }
    }
}
