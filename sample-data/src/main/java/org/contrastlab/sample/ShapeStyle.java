package org.contrastlab.sample;

import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How {@code sample:shapes} draws its images: the largest tilt of a shape (degrees, spread
 * evenly around upright), the shape's colours, the background, how far from the centre a shape
 * may sit (0: centred, 1: anywhere it fits) and its radius as a share of the image side.
 *
 * <p>{@link #DEFAULT} is the InfoMin lesson of METHODS.md applied to the built-in data: two
 * views of an image should share the shape and little else. The background is colour noise of
 * the same statistics in every image, so no crop of it tells one image from another; the
 * shape's colour is a vivid random hue, which the default recipe's hue jitter (±0.5, the whole
 * colour wheel) redraws in every view, while saturation and brightness barely vary; shapes stand
 * within ±15° of upright, since no augmentation rotates. Compared in docs/benchmarks.md
 * ("The built-in data"), with {@link #CLASSIC} (the set before: any tilt, six hues, muted
 * textured backgrounds) and the other settings here. {@code -Dcontrastlab.shapes.style=rot=360,
 * colour=hues6,bg=texture} draws another style (cached under its own file name).
 */
public record ShapeStyle(double rotation, String colour, String background, double offCentre, double radiusMin,
                         double radiusMax) {
    /** The colours a style may name: six hues; any hue, saturation and brightness; vivid hues; near white. */
    public static final List<String> COLOURS = List.of("vivid", "hues6", "any", "light");

    public static final ShapeStyle DEFAULT = new ShapeStyle(30, "vivid", "noise", 1, 0.26, 0.38);
    public static final ShapeStyle CLASSIC = new ShapeStyle(360, "hues6", "texture", 1, 0.26, 0.38);

    public ShapeStyle {
        if (!COLOURS.contains(colour)) {
            throw new IllegalArgumentException("shape colour '" + colour + "' is not one of " + COLOURS);
        }
        if (!ShapeBackgrounds.KINDS.contains(background)) {
            throw new IllegalArgumentException("background '" + background + "' is not one of " + ShapeBackgrounds.KINDS);
        }
        if (!(radiusMin > 0 && radiusMin <= radiusMax && radiusMax < 0.5 && offCentre >= 0 && offCentre <= 1)) {
            throw new IllegalArgumentException("shape radius " + radiusMin + "–" + radiusMax + " (of the side, below 0.5) or off-centre "
                    + offCentre + " (0–1) out of range");
        }
    }

    /** The style the system property {@code contrastlab.shapes.style} names, else {@link #DEFAULT}. */
    public static ShapeStyle current() {
        String text = System.getProperty("contrastlab.shapes.style");
        return text == null || text.isBlank() ? DEFAULT : parse(text);
    }

    /** {@code key=value} pairs separated by commas (rot, colour, bg, off, rmin, rmax) over {@link #DEFAULT}. */
    public static ShapeStyle parse(String text) {
        Map<String, String> m = new HashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || !Set.of("rot", "colour", "bg", "off", "rmin", "rmax").contains(kv[0].trim())) {
                throw new IllegalArgumentException("shape style '" + text + "': '" + pair
                        + "' is not one of rot=, colour=, bg=, off=, rmin=, rmax=");
            }
            m.put(kv[0].trim(), kv[1].trim());
        }
        ShapeStyle d = DEFAULT;
        return new ShapeStyle(number(m, "rot", d.rotation), m.getOrDefault("colour", d.colour), m.getOrDefault("bg", d.background),
                number(m, "off", d.offCentre), number(m, "rmin", d.radiusMin), number(m, "rmax", d.radiusMax));
    }

    /** A short name for file names: empty for the default style. */
    public String fileTag() {
        return equals(DEFAULT) ? "" : String.format(Locale.ROOT, "-%08x", hashCode());
    }

    /** The shape's colour for one image. */
    Color colour(Random rng) {
        return switch (colour) {
            case "vivid" -> Color.getHSBColor(rng.nextFloat(), 0.85f + 0.15f * rng.nextFloat(), 0.9f + 0.1f * rng.nextFloat());
            case "any" -> Color.getHSBColor(rng.nextFloat(), 0.5f + 0.5f * rng.nextFloat(), 0.6f + 0.4f * rng.nextFloat());
            case "light" -> Color.getHSBColor(rng.nextFloat(), 0.15f * rng.nextFloat(), 0.85f + 0.15f * rng.nextFloat());
            default -> Color.getHSBColor(rng.nextInt(6) / 6f, 0.6f + 0.4f * rng.nextFloat(), 0.55f + 0.45f * rng.nextFloat());
        };
    }

    private static double number(Map<String, String> m, String key, double fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape style: " + key + "=" + v + " is not a number");
        }
    }
}
