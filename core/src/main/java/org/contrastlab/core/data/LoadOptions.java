package org.contrastlab.core.data;

/**
 * How to decode a dataset: the square size images of varying size are stored at (short side
 * resized, then centre-cropped), the share of a single labelled folder held out for
 * evaluation when the data has no test split, and the seed of that split.
 */
public record LoadOptions(int storageSize, double heldOutFraction, long seed) {
    public LoadOptions {
        if (storageSize < 8 || storageSize > 1024) {
            throw new IllegalArgumentException("storage size must be within 8..1024, got " + storageSize);
        }
        if (heldOutFraction < 0 || heldOutFraction >= 1) {
            throw new IllegalArgumentException("held-out fraction must be within [0, 1), got " + heldOutFraction);
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(96, 0.1, 0);
    }
}
