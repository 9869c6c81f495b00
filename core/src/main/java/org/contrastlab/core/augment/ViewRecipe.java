package org.contrastlab.core.augment;

/**
 * How one view is drawn from an image (the torchvision semantics that the reference code of
 * SimCLR, MoCo and BYOL uses): a random-resized crop to {@code size}×{@code size} with area
 * uniform in [scaleMin, scaleMax] of the image and aspect ratio log-uniform in
 * [ratioMin, ratioMax]; a horizontal flip; colour jitter with its four strengths, applied with
 * a probability and in a random order; random grayscale; Gaussian blur with sigma uniform in a
 * range and a kernel of about 10% of the view size.
 */
public record ViewRecipe(
        int size,
        double scaleMin, double scaleMax,
        double ratioMin, double ratioMax,
        double flipProbability,
        double jitterProbability, double brightness, double contrast, double saturation, double hue,
        double grayscaleProbability,
        double blurProbability, double blurSigmaMin, double blurSigmaMax) {

    public ViewRecipe {
        require(size >= 4 && size <= 1024, "view size must be within 4..1024, got " + size);
        require(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1, "crop scale range must satisfy 0 < min ≤ max ≤ 1, got " + scaleMin + ".." + scaleMax);
        require(ratioMin > 0 && ratioMin <= ratioMax, "aspect ratio range must satisfy 0 < min ≤ max, got " + ratioMin + ".." + ratioMax);
        requireProbability("flip", flipProbability);
        requireProbability("colour jitter", jitterProbability);
        requireProbability("grayscale", grayscaleProbability);
        requireProbability("blur", blurProbability);
        require(brightness >= 0 && contrast >= 0 && saturation >= 0, "jitter strengths must be ≥ 0");
        require(hue >= 0 && hue <= 0.5, "hue strength must be within [0, 0.5], got " + hue);
        require(blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax, "blur sigma range must satisfy 0 < min ≤ max");
    }

    /**
     * SimCLR's view (google-research/simclr, data_util.py): crop scale 0.08–1, flip, colour
     * jitter (0.8s, 0.8s, 0.8s, 0.2s) with p=0.8, grayscale p=0.2, and blur p=0.5 with sigma
     * 0.1–2.0, where {@code blur} is off for 32 px data as in the CIFAR recipe.
     */
    public static ViewRecipe simclr(int size, double strength, boolean blur) {
        return new ViewRecipe(size, 0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5,
                0.8, 0.8 * strength, 0.8 * strength, 0.8 * strength, 0.2 * strength,
                0.2, blur ? 0.5 : 0.0, 0.1, 2.0);
    }

    /** The kernel size for the blur: about 10% of the view size, odd, at least 3. */
    public int blurKernelSize() {
        int k = (int) Math.round(0.1 * size);
        return Math.max(3, k % 2 == 0 ? k + 1 : k);
    }

    public ViewRecipe withSize(int newSize) {
        return new ViewRecipe(newSize, scaleMin, scaleMax, ratioMin, ratioMax, flipProbability, jitterProbability,
                brightness, contrast, saturation, hue, grayscaleProbability, blurProbability, blurSigmaMin, blurSigmaMax);
    }

    private static void requireProbability(String what, double p) {
        require(p >= 0 && p <= 1, what + " probability must be within [0, 1], got " + p);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
