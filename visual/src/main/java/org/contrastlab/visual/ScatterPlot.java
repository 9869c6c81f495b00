package org.contrastlab.visual;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * A scatter of thousands of points drawn on one canvas (no node per point): coloured by label,
 * fitted to the view, zoomed with the wheel around the mouse and panned by dragging; a class
 * can be hidden and a set of points highlighted. The point under the mouse and a clicked point
 * are reported by index. Redraws only when something changed. Points of three dimensions
 * ({@link #setPoints3d}) are drawn turned and projected, farther ones paler and behind; dragging
 * then turns them. The points are drawn into one pixel buffer ({@link PointRaster}): fluid at
 * 70,000 points ({@code contrastlab bench scatter} measures it against one canvas command per point).
 */
public final class ScatterPlot extends Pane {
    static final double RADIUS = 2.2;
    private final Canvas canvas = new Canvas();
    private double[] layout = new double[0];
    private int[] labels = new int[0];
    private boolean[] hidden = new boolean[0];
    private boolean[] highlighted;
    /** What decides each point's colour: its label, or other groups (clusters; −1 grey). */
    private int[] colours;
    private int focus = -1;
    private final MapView view = new MapView();
    private boolean fitted;
    private double dragX;
    private double dragY;
    private IntConsumer onHover = i -> { };
    private IntConsumer onClick = i -> { };
    private Consumer<boolean[]> onLasso = s -> { };
    /** The lasso being drawn, or null. */
    private Lasso lasso;
    /** The points of three dimensions being shown, or null for a flat map. */
    private Orbit orbit;
    private final PointRaster raster = new PointRaster();
    private WritableImage image;
    private boolean vector;

    public ScatterPlot() {
        getChildren().add(canvas);
        setMinSize(120, 120);
        setStyle("-fx-background-color: white; -fx-border-color: #ccc;");
        widthProperty().addListener((o, a, b) -> resize());
        heightProperty().addListener((o, a, b) -> resize());
        setOnScroll(e -> {
            view.zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()), getWidth(), getHeight());
            redraw();
        });
        setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            lasso = e.isShiftDown() ? Lasso.startAt(e.getX(), e.getY()) : null;
        });
        setOnMouseReleased(e -> {
            if (lasso != null && lasso.encloses()) {
                onLasso.accept(inside(lasso));
            }
            lasso = null;
            redraw();
        });
        setOnMouseDragged(e -> {
            if (lasso != null) {
                lasso.add(e.getX(), e.getY());
                redraw();
                return;
            }
            if (orbit != null) {
                orbit.turn((e.getX() - dragX) * 0.01, -(e.getY() - dragY) * 0.01);
                layout = orbit.layout();
            } else {
                view.pan(e.getX() - dragX, e.getY() - dragY);
            }
            dragX = e.getX();
            dragY = e.getY();
            redraw();
        });
        setOnMouseMoved(e -> onHover.accept(pointAt(e.getX(), e.getY())));
        setOnMouseClicked(e -> {
            if (e.isStillSincePress()) {
                onClick.accept(pointAt(e.getX(), e.getY()));
            }
        });
    }

    /** New positions (x, y interleaved) for the same or new points; refits the view when the points are new. */
    public void setPoints(double[] layout, int[] labels) {
        boolean fresh = labels.length != this.labels.length || orbit != null;
        orbit = null;
        this.layout = layout;
        this.labels = labels;
        if (fresh) {
            hidden = new boolean[labels.length];
            highlighted = null;
            focus = -1;
            fitted = false;
        }
        if (!fitted) {
            fit();
        }
        redraw();
    }

    /**
     * Points of three dimensions (x, y, z interleaved), turned a little so that depth shows;
     * dragging turns them. {@link #setPoints} goes back to a flat map.
     */
    public void setPoints3d(double[] xyz, int[] labels) {
        if (labels.length != this.labels.length) {
            hidden = new boolean[labels.length];
            highlighted = null;
            focus = -1;
        }
        this.labels = labels;
        orbit = new Orbit(xyz);
        layout = orbit.layout();
        fit();
        redraw();
    }

    /** Whether three-dimensional points are shown. */
    public boolean isThreeD() {
        return orbit != null;
    }

    /** Turns the three-dimensional points (radians); nothing for a flat map. */
    public void turn(double yaw, double pitch) {
        if (orbit != null) {
            orbit.turn(yaw, pitch);
            layout = orbit.layout();
            redraw();
        }
    }

    /** Draws each point with its own canvas command instead of one pixel buffer: the baseline of {@code bench scatter}. */
    public void setVectorDrawing(boolean on) {
        vector = on;
        redraw();
    }

    /** Fits the view to the points now (e.g. after t-SNE spread them out). */
    public void fit() {
        if (layout.length == 0 || getWidth() <= 0) {
            return;
        }
        if (orbit != null) {
            view.fitBall(orbit.radius(), getWidth(), getHeight());
        } else {
            view.fitBox(layout, getWidth(), getHeight());
        }
        fitted = true;
        redraw();
    }

    /** Colours the points by {@code groups} (same order as the points; −1 grey), or by their labels when null. */
    public void setColourGroups(int[] groups) {
        this.colours = groups;
        redraw();
    }

    /** Hides or shows every point of class {@code label}. */
    public void setClassHidden(int label, boolean hide) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                hidden[i] = hide;
            }
        }
        redraw();
    }

    /** Points drawn larger with a dark ring (null: none); {@code focus} gets a red ring (−1: none). */
    public void highlight(boolean[] points, int focus) {
        this.highlighted = points;
        this.focus = focus;
        redraw();
    }

    /** Points drawn larger with a dark ring (null: none), keeping the red ring where it is. */
    public void highlight(boolean[] points) {
        highlight(points, focus);
    }

    /** The point with the red ring (the one last clicked), or −1. */
    public int focus() {
        return focus;
    }

    public void setOnHover(IntConsumer onHover) {
        this.onHover = onHover;
    }

    public void setOnClick(IntConsumer onClick) {
        this.onClick = onClick;
    }

    /** Shift-drag draws a lasso; on release, the visible points inside it are reported. */
    public void setOnLasso(Consumer<boolean[]> onLasso) {
        this.onLasso = onLasso;
    }

    /** The visible points inside a polygon given in pixels (x, y interleaved). */
    public boolean[] inside(List<Double> polygon) {
        return inside(new Lasso(polygon));
    }

    private boolean[] inside(Lasso polygon) {
        boolean[] in = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            in[i] = !hidden[i] && polygon.contains(px(i), py(i));
        }
        return in;
    }

    /** The points as drawn now, as an SVG document of the plot's size (hidden points left out). */
    public String svg() {
        return ScatterSvg.of(this);
    }

    /** How many points are drawn (hidden ones included). */
    int pointCount() {
        return Math.min(labels.length, layout.length / 2);
    }

    /** The k-th point in drawing order (farthest first in 3-D), or −1 when it is hidden. */
    int drawn(int k) {
        int i = orbit == null ? k : orbit.order()[k];
        return hidden[i] ? -1 : i;
    }

    /** The visible point nearest to (x, y) in pixels within 8 px, or −1. */
    public int pointAt(double x, double y) {
        int best = -1;
        double bestD = 64;
        for (int i = 0; i < labels.length; i++) {
            if (hidden[i]) {
                continue;
            }
            double dx = px(i) - x;
            double dy = py(i) - y;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** A point's colour: by its group or label, paler the farther back it is in a 3-D view. */
    Color pointColour(int i) {
        int rgb = pointRgb(i);
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    /** {@link #pointColour} as 0xRRGGBB, without making a colour object per point. */
    private int pointRgb(int i) {
        int rgb = PointPalette.rgb(colours != null && colours.length == labels.length ? colours[i] : labels[i]);
        return orbit == null ? rgb : PointPalette.paler(rgb, 0.6 * (1 - orbit.nearness()[i]));
    }

    /** The colour of a label (see {@link PointPalette}). */
    public static Color colour(int label) {
        return PointPalette.colour(label);
    }

    /** Where point i is drawn, in pixels. */
    public double px(int i) {
        return view.px(layout[2 * i], getWidth());
    }

    public double py(int i) {
        return view.py(layout[2 * i + 1], getHeight());
    }

    private void resize() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        if (!fitted) {
            fit();
        }
        redraw();
    }

    /** Redraws now (the bench calls it to time a frame). */
    public void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        int n = pointCount();
        drawPoints(g, n);
        drawMarks(g, n);
    }

    private void drawPoints(GraphicsContext g, int n) {
        int w = (int) Math.ceil(canvas.getWidth());
        int h = (int) Math.ceil(canvas.getHeight());
        if (vector || w <= 0 || h <= 0) {
            g.setFill(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            for (int k = 0; k < n; k++) {
                int i = drawn(k);
                if (i >= 0) {
                    g.setFill(pointColour(i));
                    g.fillOval(px(i) - RADIUS, py(i) - RADIUS, 2 * RADIUS, 2 * RADIUS);
                }
            }
        } else {
            raster.clear(w, h, 0xffffffff);
            for (int k = 0; k < n; k++) {
                int i = drawn(k);
                if (i >= 0) {
                    raster.disc(px(i), py(i), RADIUS, pointRgb(i), 1.0);
                }
            }
            if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
                image = new WritableImage(w, h);
            }
            image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), raster.pixels(), 0, w);
            g.drawImage(image, 0, 0);
        }
    }

    /** The highlighted points' rings, the lasso being drawn and the focused point's red ring. */
    private void drawMarks(GraphicsContext g, int n) {
        if (highlighted != null) {
            g.setStroke(Color.BLACK);
            g.setLineWidth(1.2);
            for (int i = 0; i < n; i++) {
                if (highlighted[i] && !hidden[i]) {
                    g.strokeOval(px(i) - 2 * RADIUS, py(i) - 2 * RADIUS, 4 * RADIUS, 4 * RADIUS);
                }
            }
        }
        if (lasso != null) {
            lasso.draw(g);
        }
        if (focus >= 0 && focus < n) {
            g.setStroke(Color.RED);
            g.setLineWidth(2);
            g.strokeOval(px(focus) - 3 * RADIUS, py(focus) - 3 * RADIUS, 6 * RADIUS, 6 * RADIUS);
        }
    }
}
