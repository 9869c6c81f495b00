package org.contrastlab.core.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters drawn for one view, kept so that the preview can show exactly what was
 * drawn. The crop is the box (top, left, height, width) in source pixels; {@code jitterOrder}
 * lists the colour ops in the order applied (0 brightness, 1 contrast, 2 saturation, 3 hue),
 * and is empty when jitter did not fire; factors of 1 (and hue 0) leave an op without effect;
 * {@code blurSigma} is 0 when blur did not fire; {@code solarize} says whether solarize fired;
 * {@code randAugmentOps} are the RandAugment ops drawn ({@link RandAugment.Op} ordinals, -1 where
 * one did not fire; empty when the group has none) and {@code randAugmentArgs} their arguments.
 */
public record ViewParams(
        int cropTop, int cropLeft, int cropHeight, int cropWidth,
        boolean flip,
        int[] jitterOrder, double brightness, double contrast, double saturation, double hue,
        boolean grayscale,
        double blurSigma,
        boolean solarize,
        int[] randAugmentOps, double[] randAugmentArgs) {

    public static final int BRIGHTNESS = 0;
    public static final int CONTRAST = 1;
    public static final int SATURATION = 2;
    public static final int HUE = 3;
    /** How many colour ops jitter applies, one per stage, in a drawn order. */
    public static final int JITTER_STAGES = 4;

    public ViewParams {
        jitterOrder = jitterOrder.clone();
        randAugmentOps = randAugmentOps.clone();
        randAugmentArgs = randAugmentArgs.clone();
        if (randAugmentOps.length != randAugmentArgs.length) {
            throw new IllegalArgumentException(randAugmentOps.length + " RandAugment ops with " + randAugmentArgs.length + " arguments");
        }
    }

    /** A view without RandAugment. */
    public ViewParams(int cropTop, int cropLeft, int cropHeight, int cropWidth, boolean flip, int[] jitterOrder, double brightness,
                      double contrast, double saturation, double hue, boolean grayscale, double blurSigma, boolean solarize) {
        this(cropTop, cropLeft, cropHeight, cropWidth, flip, jitterOrder, brightness, contrast, saturation, hue, grayscale, blurSigma,
                solarize, new int[0], new double[0]);
    }

    @Override
    public int[] jitterOrder() {
        return jitterOrder.clone();
    }

    @Override
    public int[] randAugmentOps() {
        return randAugmentOps.clone();
    }

    @Override
    public double[] randAugmentArgs() {
        return randAugmentArgs.clone();
    }

    /** The colour op applied at jitter stage {@code stage} (0..3); only when {@link #jittered()}. */
    public int jitterOp(int stage) {
        return jitterOrder[stage];
    }

    public boolean jittered() {
        return jitterOrder.length > 0;
    }

    public boolean blurred() {
        return blurSigma > 0;
    }

    /**
     * What was drawn, as plain data for JSON ({@code params.json} of {@code contrastlab
     * augment}): the crop box, the flip, the jitter factors in the order applied (absent when
     * jitter did not fire), grayscale, the blur sigma (absent when blur did not fire), solarize.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("crop", ordered("top", cropTop, "left", cropLeft, "height", cropHeight, "width", cropWidth));
        m.put("flip", flip);
        if (jittered()) {
            List<Map<String, Object>> ops = new ArrayList<>();
            for (int op : jitterOrder) {
                ops.add(switch (op) {
                    case BRIGHTNESS -> ordered("op", "brightness", "factor", brightness);
                    case CONTRAST -> ordered("op", "contrast", "factor", contrast);
                    case SATURATION -> ordered("op", "saturation", "factor", saturation);
                    default -> ordered("op", "hue", "shift", hue);
                });
            }
            m.put("jitter", ops);
        } else {
            m.put("jitter", null);
        }
        m.put("grayscale", grayscale);
        m.put("blurSigma", blurred() ? blurSigma : null);
        m.put("solarize", solarize);
        if (randAugmentOps.length > 0) {
            List<Map<String, Object>> ops = new ArrayList<>();
            for (int k = 0; k < randAugmentOps.length; k++) {
                if (randAugmentOps[k] >= 0) {
                    RandAugment.Op op = RandAugment.Op.of(randAugmentOps[k]);
                    ops.add(ordered("op", op.label(), "argument", randAugmentArgs[k]));
                }
            }
            m.put("randAugment", ops);
        }
        return m;
    }

    /** A map that keeps its keys in the order given (key, value, key, value, ...). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
