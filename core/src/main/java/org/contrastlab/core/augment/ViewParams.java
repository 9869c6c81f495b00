package org.contrastlab.core.augment;

/**
 * The parameters drawn for one view, kept so that the preview can show exactly what was
 * drawn. The crop is the box (top, left, height, width) in source pixels; {@code jitterOrder}
 * lists the colour ops in the order applied (0 brightness, 1 contrast, 2 saturation, 3 hue),
 * and is empty when jitter did not fire; factors of 1 (and hue 0) leave an op without effect;
 * {@code blurSigma} is 0 when blur did not fire; {@code solarize} says whether solarize fired.
 */
public record ViewParams(
        int cropTop, int cropLeft, int cropHeight, int cropWidth,
        boolean flip,
        int[] jitterOrder, double brightness, double contrast, double saturation, double hue,
        boolean grayscale,
        double blurSigma,
        boolean solarize) {

    public static final int BRIGHTNESS = 0;
    public static final int CONTRAST = 1;
    public static final int SATURATION = 2;
    public static final int HUE = 3;

    public ViewParams {
        jitterOrder = jitterOrder.clone();
    }

    @Override
    public int[] jitterOrder() {
        return jitterOrder.clone();
    }

    public boolean jittered() {
        return jitterOrder.length > 0;
    }

    public boolean blurred() {
        return blurSigma > 0;
    }

    /** A view that leaves the whole image as it is (no crop, flip, colour change, blur or solarize). */
    public static ViewParams identity(int height, int width) {
        return new ViewParams(0, 0, height, width, false, new int[0], 1, 1, 1, 0, false, 0, false);
    }
}
