package org.contrastlab.visual;

import java.util.Arrays;
import javafx.scene.paint.Color;

/**
 * The colours of a scatter's points: ten distinct ones (Tableau 10) by label or group, grey for
 * none (−1), and the same made paler, as a 3-D view shows points farther back.
 */
public final class PointPalette {
    /** Ten distinct colours (Tableau 10). */
    static final Color[] COLOURS = {
        Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#e15759"), Color.web("#76b7b2"), Color.web("#59a14f"),
        Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"), Color.web("#9c755f"), Color.web("#bab0ac"),
    };
    private static final int[] RGB = Arrays.stream(COLOURS)
            .mapToInt(c -> ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                    | (int) Math.round(c.getBlue() * 255)).toArray();

    private PointPalette() {
    }

    /** The colour of a label or group; grey for −1. */
    public static Color colour(int label) {
        return label < 0 ? Color.GRAY : COLOURS[label % COLOURS.length];
    }

    /** {@link #colour} as 0xRRGGBB. */
    static int rgb(int label) {
        return label < 0 ? 0x808080 : RGB[label % RGB.length];
    }

    /** 0xRRGGBB moved towards white by {@code amount} in [0, 1], in integer arithmetic (no object per point). */
    static int paler(int rgb, double amount) {
        int t = (int) (256 * amount);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return ((r + (((255 - r) * t) >> 8)) << 16) | ((g + (((255 - g) * t) >> 8)) << 8) | (b + (((255 - b) * t) >> 8));
    }
}
