package org.contrastlab.sample;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/** The ten classes of {@code sample:shapes}, each an outline of radius about 1 around the origin. */
public enum ShapeKind {
    CIRCLE, SQUARE, TRIANGLE, STAR, RING, CROSS, HEXAGON, DIAMOND, CRESCENT, ARROW;

    /** The class name shown to users. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outline at unit scale, centred on the origin. */
    public Shape outline() {
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(-1, -1, 2, 2);
            case SQUARE -> new Rectangle2D.Double(-0.8, -0.8, 1.6, 1.6);
            case TRIANGLE -> regular(3, 1.1, -Math.PI / 2);
            case STAR -> star();
            case RING -> difference(new Ellipse2D.Double(-1, -1, 2, 2), new Ellipse2D.Double(-0.55, -0.55, 1.1, 1.1));
            case CROSS -> union(new Rectangle2D.Double(-1, -0.3, 2, 0.6), new Rectangle2D.Double(-0.3, -1, 0.6, 2));
            case HEXAGON -> regular(6, 1, 0);
            case DIAMOND -> polygon(new double[] {0, 0.5, 0, -0.5}, new double[] {-1.05, 0, 1.05, 0});
            case CRESCENT -> difference(new Ellipse2D.Double(-1, -1, 2, 2), new Ellipse2D.Double(-0.55, -0.95, 1.8, 1.8));
            case ARROW -> polygon(new double[] {-1, 0.1, 0.1, 1, 0.1, 0.1, -1},
                    new double[] {-0.25, -0.25, -0.7, 0, 0.7, 0.25, 0.25});
        };
    }

    private static Shape regular(int corners, double radius, double phase) {
        double[] xs = new double[corners];
        double[] ys = new double[corners];
        for (int i = 0; i < corners; i++) {
            double a = phase + 2 * Math.PI * i / corners;
            xs[i] = radius * Math.cos(a);
            ys[i] = radius * Math.sin(a);
        }
        return polygon(xs, ys);
    }

    private static Shape star() {
        double[] xs = new double[10];
        double[] ys = new double[10];
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? 1.1 : 0.45;
            double a = -Math.PI / 2 + Math.PI * i / 5;
            xs[i] = r * Math.cos(a);
            ys[i] = r * Math.sin(a);
        }
        return polygon(xs, ys);
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    private static Shape difference(Shape a, Shape b) {
        Area area = new Area(a);
        area.subtract(new Area(b));
        return area;
    }

    private static Shape union(Shape a, Shape b) {
        Area area = new Area(a);
        area.add(new Area(b));
        return area;
    }
}
