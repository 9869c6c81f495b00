package org.contrastlab.visual;

/**
 * Where a flat map is looked at from: map coordinates to pixels by {@code x' = (x − cx)·scale +
 * w/2} (likewise y), fitted to a set of points, zoomed around a pixel and panned by pixels.
 */
final class MapView {
    /** The share of the plot's smaller side that a fitted set of points spans. */
    private static final double MARGIN = 0.92;
    private double cx;
    private double cy;
    private double scale = 1;

    /** Centres on the bounding box of {@code layout} (x, y interleaved) and fills the plot with it. */
    void fitBox(double[] layout, double width, double height) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < layout.length / 2; i++) {
            minX = Math.min(minX, layout[2 * i]);
            maxX = Math.max(maxX, layout[2 * i]);
            minY = Math.min(minY, layout[2 * i + 1]);
            maxY = Math.max(maxY, layout[2 * i + 1]);
        }
        cx = (minX + maxX) / 2;
        cy = (minY + maxY) / 2;
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-12);
        scale = MARGIN * Math.min(width, height) / span;
    }

    /** Centres on the origin and fills the plot with a ball of {@code radius} (turned 3-D points). */
    void fitBall(double radius, double width, double height) {
        cx = 0;
        cy = 0;
        scale = MARGIN * Math.min(width, height) / (2 * radius);
    }

    /** Zooms by {@code factor} keeping the map point under pixel (x, y) where it is. */
    void zoomAt(double x, double y, double factor, double width, double height) {
        double mx = (x - width / 2) / scale + cx;
        double my = (y - height / 2) / scale + cy;
        scale *= factor;
        cx = mx - (x - width / 2) / scale;
        cy = my - (y - height / 2) / scale;
    }

    /** Moves the map with the mouse by (dx, dy) pixels. */
    void pan(double dx, double dy) {
        cx -= dx / scale;
        cy -= dy / scale;
    }

    double px(double x, double width) {
        return (x - cx) * scale + width / 2;
    }

    double py(double y, double height) {
        return (y - cy) * scale + height / 2;
    }
}
