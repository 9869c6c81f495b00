package org.contrastlab.visual;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A free-hand polygon drawn with the mouse, in pixels: which points it holds, and its outline. */
final class Lasso {
    /** x and y interleaved. */
    private final List<Double> corners;

    Lasso(List<Double> corners) {
        this.corners = new ArrayList<>(corners);
    }

    static Lasso startAt(double x, double y) {
        return new Lasso(List.of(x, y));
    }

    void add(double x, double y) {
        corners.add(x);
        corners.add(y);
    }

    /** Whether it has the three corners that enclose anything. */
    boolean encloses() {
        return corners.size() >= 6;
    }

    /** Whether (x, y) is inside, by ray casting (even-odd rule). */
    boolean contains(double x, double y) {
        int n = corners.size() / 2;
        boolean in = false;
        for (int a = 0, b = n - 1; a < n; b = a++) {
            double ax = corners.get(2 * a);
            double ay = corners.get(2 * a + 1);
            double bx = corners.get(2 * b);
            double by = corners.get(2 * b + 1);
            if ((ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax) {
                in = !in;
            }
        }
        return in;
    }

    void draw(GraphicsContext g) {
        if (corners.size() < 4) {
            return;
        }
        g.setStroke(Color.web("#333333"));
        g.setLineWidth(1);
        g.beginPath();
        g.moveTo(corners.get(0), corners.get(1));
        for (int k = 2; k < corners.size(); k += 2) {
            g.lineTo(corners.get(k), corners.get(k + 1));
        }
        g.closePath();
        g.stroke();
    }
}
