package org.contrastlab.core.augment;

/**
 * How a crop is resampled to the view size. Both are the antialiased PIL filters that
 * torchvision applies to images: a triangle (bilinear) or a Keys cubic with a = −0.5
 * (bicubic), widened by the scale factor when shrinking.
 */
public enum Interpolation {
    BILINEAR(1.0),
    BICUBIC(2.0);

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    /** Half-width of the filter at scale 1, in source pixels. */
    public double support() {
        return support;
    }

    /** The filter's weight at distance {@code x} (in units of the widened filter). */
    public double weight(double x) {
        double a = Math.abs(x);
        if (this == BILINEAR) {
            return a < 1 ? 1 - a : 0;
        }
        // PIL's bicubic_filter with a = -0.5
        final double c = -0.5;
        if (a < 1) {
            return ((c + 2) * a - (c + 3)) * a * a + 1;
        }
        if (a < 2) {
            return (((a - 5) * a + 8) * a - 4) * c;
        }
        return 0;
    }
}
