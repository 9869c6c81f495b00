package org.contrastlab.visual;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A JFreeChart line chart over whole-number x values (steps) that grows while a job runs.
 * Points arrive in batches
 * ({@link #append}), which repaint once per batch, not once per point; change it on the FX
 * thread only (JFreeChart repaints on the thread that changes the dataset).
 */
public final class LiveLineChart extends StackPane {
    private final XYSeries series;
    private final JFreeChart chart;
    private ValueMarker reference;
    private double scale = 1;
    /** JFreeChart's own type for titles, axis names and ticks, scaled by {@link #setScale}. */
    private static final Font TITLE_FONT = JFreeChart.DEFAULT_TITLE_FONT;
    private static final Font LABEL_FONT = NumberAxis.DEFAULT_AXIS_LABEL_FONT;
    private static final Font TICK_FONT = NumberAxis.DEFAULT_TICK_LABEL_FONT;

    public LiveLineChart(String title, String xLabel, String yLabel) {
        series = new XYSeries(yLabel, false, true);
        XYSeriesCollection data = new XYSeriesCollection(series);
        chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, false, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        // x is a step count: whole-number ticks only
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                NumberAxis.createIntegerTickUnits());
        chart.setBackgroundPaint(Color.WHITE);
        getChildren().add(new ChartViewer(chart));
    }

    /** Adds points, repainting once. */
    public void append(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (xs.length == 0) {
            return;
        }
        series.setNotify(false);
        for (int i = 0; i < xs.length; i++) {
            series.add(xs[i], ys[i], false);
        }
        series.setNotify(true);
    }

    public void clear() {
        series.clear();
        setReference(Double.NaN, null);
    }

    /** An x axis of fractions (a setting's values, nats) rather than steps: decimal ticks, the range fitted to the points. */
    public void decimalX() {
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createStandardTickUnits());
        x.setAutoRangeIncludesZero(false);
    }

    /**
     * Shows y from {@code lo} to {@code hi} with a small margin (e.g. to keep a reference line that
     * lies below every point in view); NaN gives the range back to the points.
     */
    public void setYRange(double lo, double hi) {
        NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            y.setAutoRange(true);
            return;
        }
        double pad = Math.max(1e-3, (hi - lo) * 0.05);
        y.setRange(lo - pad, hi + pad);
    }

    /** Names the x axis anew (a sweep's setting). */
    public void setXLabel(String label) {
        chart.getXYPlot().getDomainAxis().setLabel(label);
    }

    /** Draws each point as a dot too (for sparse series such as evaluations). */
    public void showPoints() {
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setSeriesShapesVisible(0, true);
    }

    /**
     * A dashed horizontal line at {@code y} with a label (a baseline such as the random
     * initialisation's accuracy); NaN removes it. The axis keeps it in view.
     */
    public void setReference(double y, String label) {
        XYPlot plot = chart.getXYPlot();
        if (reference != null) {
            plot.removeRangeMarker(reference, Layer.BACKGROUND);
            reference = null;
        }
        if (Double.isNaN(y)) {
            return;
        }
        float w = (float) scale;
        reference = new ValueMarker(y, new Color(0x88, 0x88, 0x88),
                new BasicStroke(1.5f * w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f * w, 4f * w}, 0f));
        reference.setLabel(label);
        reference.setLabelFont(LABEL_FONT.deriveFont((float) (LABEL_FONT.getSize2D() * scale)));
        reference.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        reference.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(reference, Layer.BACKGROUND);
    }

    /** The reference line's y value, or NaN when there is none. */
    public double referenceY() {
        return reference == null ? Double.NaN : reference.getValue();
    }

    /**
     * Draws at {@code scale} times the normal line width and type size (1: normal; a projector in a
     * classroom wants 1.5 or more). The reference line and its label follow.
     */
    public void setScale(double scale) {
        this.scale = scale;
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesStroke(0, new BasicStroke((float) (2 * scale)));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE_FONT.deriveFont((float) (TITLE_FONT.getSize2D() * scale)));
        }
        for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            axis.setLabelFont(LABEL_FONT.deriveFont((float) (LABEL_FONT.getSize2D() * scale)));
            axis.setTickLabelFont(TICK_FONT.deriveFont((float) (TICK_FONT.getSize2D() * scale)));
        }
        if (reference != null) {
            setReference(reference.getValue(), reference.getLabel());
        }
    }

    /** The scale of lines and type ({@link #setScale}). */
    public double scale() {
        return scale;
    }

    /** The number of points shown. */
    public int pointCount() {
        return series.getItemCount();
    }

    /** The y value of the first point, or NaN when empty. */
    public double firstY() {
        return series.isEmpty() ? Double.NaN : series.getY(0).doubleValue();
    }

    /** The y value of the last point, or NaN when empty. */
    public double lastY() {
        return series.isEmpty() ? Double.NaN : series.getY(series.getItemCount() - 1).doubleValue();
    }
}
