package org.contrastlab.visual;

import java.util.Arrays;

/**
 * Draws many small discs into one ARGB pixel buffer by hand, so that a scatter of tens of
 * thousands of points costs one image upload instead of one canvas command per point (on
 * JavaFX's software pipeline every {@code fillOval} is rasterised on its own). Edges are
 * anti-aliased by the distance from the disc's border; colours are blended over what is there.
 */
final class PointRaster {
    private int width;
    private int height;
    private int[] pixels = new int[0];

    /** Makes the buffer {@code w × h} and fills it with an opaque colour. */
    void clear(int w, int h, int argb) {
        if (w * h != pixels.length) {
            pixels = new int[Math.max(0, w * h)];
        }
        width = w;
        height = h;
        Arrays.fill(pixels, argb);
    }

    /** A disc of radius {@code r} pixels centred at (x, y), in an opaque colour; {@code alpha} in [0, 1]. */
    void disc(double x, double y, double r, int rgb, double alpha) {
        int x0 = Math.max(0, (int) Math.floor(x - r - 0.5));
        int x1 = Math.min(width - 1, (int) Math.ceil(x + r + 0.5));
        int y0 = Math.max(0, (int) Math.floor(y - r - 0.5));
        int y1 = Math.min(height - 1, (int) Math.ceil(y + r + 0.5));
        int sr = (rgb >> 16) & 0xff;
        int sg = (rgb >> 8) & 0xff;
        int sb = rgb & 0xff;
        for (int py = y0; py <= y1; py++) {
            double dy = py + 0.5 - y;
            int row = py * width;
            for (int px = x0; px <= x1; px++) {
                double dx = px + 0.5 - x;
                double cover = r + 0.5 - Math.sqrt(dx * dx + dy * dy);
                if (cover <= 0) {
                    continue;
                }
                int a = (int) (255 * alpha * Math.min(1.0, cover));
                int d = pixels[row + px];
                int r2 = ((d >> 16) & 0xff) + (((sr - ((d >> 16) & 0xff)) * a) >> 8);
                int g2 = ((d >> 8) & 0xff) + (((sg - ((d >> 8) & 0xff)) * a) >> 8);
                int b2 = (d & 0xff) + (((sb - (d & 0xff)) * a) >> 8);
                pixels[row + px] = 0xff000000 | (r2 << 16) | (g2 << 8) | b2;
            }
        }
    }

    int[] pixels() {
        return pixels;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
