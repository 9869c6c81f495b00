package org.contrastlab.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;
import java.util.stream.IntStream;
import org.contrastlab.core.data.ImageDecoder;

/**
 * Draws the images of {@code sample:shapes}: one shape of a random class at a random position,
 * size and tilt, in a colour over a background as its {@link ShapeStyle} says (by default a
 * vivid random hue over colour noise that is alike in every image), with the binary mask of the
 * shape. Image {@code i} depends only on the seed, the style and {@code i}, so any part can be
 * drawn in parallel and is always the same.
 */
public final class ShapesGenerator {
    private final int size;
    private final long seed;
    private final ShapeStyle style;

    /** One drawn sample: RGB bytes channel-major (3×S×S), its class and its mask (S×S, 0/1). */
    public record Sample(byte[] rgb, int label, byte[] mask) {
    }

    public ShapesGenerator(int size, long seed) {
        this(size, seed, ShapeStyle.DEFAULT);
    }

    public ShapesGenerator(int size, long seed, ShapeStyle style) {
        if (size < 16) {
            throw new IllegalArgumentException("shapes need at least 16 px, got " + size);
        }
        this.size = size;
        this.seed = seed;
        this.style = style;
    }

    /** Draws images {@code first .. first+count-1} in parallel. */
    public Sample[] draw(int first, int count) {
        Sample[] out = new Sample[count];
        IntStream.range(0, count).parallel().forEach(k -> out[k] = draw(first + k));
        return out;
    }

    public Sample draw(int index) {
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + index);
        ShapeKind kind = ShapeKind.values()[rng.nextInt(ShapeKind.values().length)];
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] bg = ShapeBackgrounds.draw(style.background(), size, rng);
        image.setRGB(0, 0, size, size, bg, 0, size);
        Color colour = style.colour(rng);
        AffineTransform at = placement(rng);
        Shape shape = at.createTransformedShape(kind.outline());
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1.2f));
        g.setColor(colour);
        g.fill(shape);
        g.setColor(darkOutline(colour));
        g.draw(shape);
        g.dispose();
        addNoise(image, rng, 4 + rng.nextInt(10));
        return new Sample(ImageDecoder.toRgbBytes(image), kind.ordinal(), mask(shape));
    }

    private AffineTransform placement(Random rng) {
        double radius = size * (style.radiusMin() + (style.radiusMax() - style.radiusMin()) * rng.nextDouble());
        double margin = radius * 1.05;
        double room = (size - 2 * margin) * style.offCentre();
        double cx = size / 2.0 + (rng.nextDouble() - 0.5) * room;
        double cy = size / 2.0 + (rng.nextDouble() - 0.5) * room;
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        at.rotate(Math.toRadians((rng.nextDouble() - 0.5) * style.rotation()));
        at.scale(radius, radius);
        return at;
    }

    private static void addNoise(BufferedImage image, Random rng, int amplitude) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int r = clamp(((px[i] >> 16) & 0xFF) + (int) (rng.nextGaussian() * amplitude));
            int g = clamp(((px[i] >> 8) & 0xFF) + (int) (rng.nextGaussian() * amplitude));
            int b = clamp((px[i] & 0xFF) + (int) (rng.nextGaussian() * amplitude));
            px[i] = (r << 16) | (g << 8) | b;
        }
        image.setRGB(0, 0, w, h, px, 0, w);
    }

    private byte[] mask(Shape shape) {
        BufferedImage m = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fill(shape);
        g.dispose();
        byte[] grey = ((DataBufferByte) m.getRaster().getDataBuffer()).getData();
        byte[] out = new byte[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((grey[i] & 0xFF) > 127 ? 1 : 0);
        }
        return out;
    }

    private static Color darkOutline(Color c) {
        return c.darker().darker();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
