package org.contrastlab.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** The backgrounds of {@code sample:shapes}, as RGB pixels (row-major, {@code 0xRRGGBB}). */
final class ShapeBackgrounds {
    /**
     * noise: colour noise of the same statistics in every image (the default: nothing in it tells
     * one image from another); texture: a muted per-image tint with colour noise, stripes, a
     * checkerboard or a gradient (the classic set); tint: noise around a per-image tint and level;
     * blobs: noise with a few dim random discs (clutter).
     */
    static final List<String> KINDS = List.of("noise", "texture", "tint", "blobs");

    private ShapeBackgrounds() {
    }

    static int[] draw(String kind, int size, Random rng) {
        return switch (kind) {
            case "texture" -> texture(size, rng);
            case "tint" -> tint(size, rng);
            case "blobs" -> blobs(size, rng);
            default -> noise(size, rng);
        };
    }

    private static int[] noise(int size, Random rng) {
        int[] px = new int[size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = Color.HSBtoRGB(rng.nextFloat(), 0.35f * rng.nextFloat(), 0.2f + 0.5f * rng.nextFloat()) & 0xFFFFFF;
        }
        return px;
    }

    private static int[] tint(int size, Random rng) {
        int[] px = new int[size * size];
        float hue = rng.nextFloat();
        float sat = 0.4f * rng.nextFloat();
        float level = 0.2f + 0.5f * rng.nextFloat();
        for (int i = 0; i < px.length; i++) {
            float v = Math.max(0, Math.min(1, level + 0.25f * (rng.nextFloat() - 0.5f)));
            px[i] = Color.HSBtoRGB(hue + 0.1f * (rng.nextFloat() - 0.5f), sat * rng.nextFloat(), v) & 0xFFFFFF;
        }
        return px;
    }

    private static int[] blobs(int size, Random rng) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, size, size, noise(size, rng), 0, size);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int n = 6 + rng.nextInt(6);
        for (int k = 0; k < n; k++) {
            g.setColor(Color.getHSBColor(rng.nextFloat(), 0.5f * rng.nextFloat(), 0.25f + 0.4f * rng.nextFloat()));
            double r = size * (0.03 + 0.05 * rng.nextDouble());
            g.fill(new Ellipse2D.Double(rng.nextDouble() * size - r, rng.nextDouble() * size - r, 2 * r, 2 * r));
        }
        g.dispose();
        return img.getRGB(0, 0, size, size, null, 0, size);
    }

    /**
     * Muted backgrounds of one family: a per-image tint and level, and one of a few shared
     * texture settings (so that a texture is common to many images).
     */
    private static int[] texture(int size, Random rng) {
        int[] px = new int[size * size];
        float hue = rng.nextFloat();
        float level = 0.35f + 0.3f * rng.nextFloat();
        Color a = Color.getHSBColor(hue, 0.25f * rng.nextFloat(), level);
        Color b = Color.getHSBColor(hue + 0.1f * (rng.nextFloat() - 0.5f), 0.25f * rng.nextFloat(),
                Math.min(1f, level + 0.1f + 0.1f * rng.nextFloat()));
        int kind = rng.nextInt(4);
        double angle = rng.nextInt(4) * Math.PI / 4;
        double freq = 2 * Math.PI / 6;
        int cell = 8;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = switch (kind) {
                    case 0 -> rng.nextDouble();
                    case 1 -> 0.5 + 0.5 * Math.sin(freq * (x * Math.cos(angle) + y * Math.sin(angle)));
                    case 2 -> ((x / cell + y / cell) % 2 == 0) ? 0.15 : 0.85;
                    default -> (x * Math.cos(angle) + y * Math.sin(angle) + size) / (2.0 * size);
                };
                px[y * size + x] = mix(a, b, Math.max(0, Math.min(1, t)));
            }
        }
        return px;
    }

    private static int mix(Color a, Color b, double t) {
        int r = (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t);
        int g = (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t);
        int bl = (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t);
        return (r << 16) | (g << 8) | bl;
    }
}
