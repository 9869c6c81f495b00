package org.contrastlab.visual;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
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
import org.jfree.data.Range;
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
    /** An earlier run's curve, drawn grey and dashed under this one's (the intact run beside an ablated one). */
    private final XYSeries ghost;
    private final JFreeChart chart;
    private ValueMarker reference;
    private double scale = 1;
    /** JFreeChart's own type for titles, axis names and ticks, scaled by {@link #setScale}. */
    private static final Font TITLE_FONT = JFreeChart.DEFAULT_TITLE_FONT;
    private static final Font LABEL_FONT = NumberAxis.DEFAULT_AXIS_LABEL_FONT;
    private static final Font TICK_FONT = NumberAxis.DEFAULT_TICK_LABEL_FONT;

    public LiveLineChart(String title, String xLabel, String yLabel) {
        series = new XYSeries(yLabel, false, true);
        ghost = new XYSeries("earlier", false, true);
        XYSeriesCollection data = new XYSeriesCollection(series);
        data.addSeries(ghost);
        chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, true, false);
        chart.getLegend().setVisible(false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesPaint(1, new Color(0x99, 0x99, 0x99));
        renderer.setSeriesStroke(1, ghostStroke(1));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        // x is a step count: whole-number ticks only
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                NumberAxis.createIntegerTickUnits());
        chart.setBackgroundPaint(Color.WHITE);
        ChartViewer viewer = new ChartViewer(chart);
        // for slides: the chart at the presentation scale, as a picture or as vectors
        MenuItem png = new MenuItem("Export PNG for slides…");
        png.setOnAction(e -> export("png"));
        MenuItem svg = new MenuItem("Export SVG for slides…");
        svg.setOnAction(e -> export("svg"));
        viewer.getContextMenu().getItems().addAll(new SeparatorMenuItem(), png, svg);
        getChildren().add(viewer);
    }

    /** The scale figures are exported at: the presentation scale when presenting, else 1.5 (a slide). */
    public double exportScale() {
        return Math.max(scale, 1.5);
    }

    private void export(String kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the chart");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.toUpperCase(Locale.ROOT), "*." + kind));
        File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            try {
                if (kind.equals("png")) {
                    writePng(f.toPath(), exportScale());
                } else {
                    writeSvg(f.toPath(), exportScale());
                }
            } catch (IOException ex) {
                new Alert(Alert.AlertType.ERROR, "cannot write " + f + ": " + ex.getMessage()).show();
            }
        }
    }

    /** Writes the chart as a PNG of its size on screen times {@code scale}, lines and type scaled too. */
    public void writePng(Path file, double scale) throws IOException {
        double before = this.scale;
        int w = (int) Math.round(Math.max(320, getWidth()) * scale / Math.max(1, before));
        int h = (int) Math.round(Math.max(200, getHeight()) * scale / Math.max(1, before));
        setScale(scale);
        try (var out = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(out, chart, w, h);
        } finally {
            setScale(before);
        }
    }

    /** Writes the chart as an SVG of its size on screen times {@code scale}. */
    public void writeSvg(Path file, double scale) throws IOException {
        double w = Math.max(320, getWidth()) * scale / Math.max(1, this.scale);
        double h = Math.max(200, getHeight()) * scale / Math.max(1, this.scale);
        XYPlot plot = chart.getXYPlot();
        String title = chart.getTitle() == null ? "" : chart.getTitle().getText();
        List<LineChartSvg.Line> lines = List.of(LineChartSvg.Line.of(ghost, "#999999", true),
                LineChartSvg.Line.of(series, "#1f77b4", false));
        Files.writeString(file, LineChartSvg.of(new LineChartSvg.Parts(title, plot.getDomainAxis().getLabel(),
                plot.getRangeAxis().getLabel(), lines, referenceY(), reference == null ? null : reference.getLabel(),
                span(plot.getDomainAxis().getRange()), span(plot.getRangeAxis().getRange())), w, h, scale));
    }

    private static LineChartSvg.Span span(Range r) {
        return new LineChartSvg.Span(r.getLowerBound(), r.getUpperBound());
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

    /**
     * Draws an earlier run's points in grey beside this one's, named in a legend ({@code label} for
     * the earlier, {@code now} for this run); empty arrays remove it. {@link #clear} keeps it.
     */
    public void setGhost(double[] xs, double[] ys, String label, String now) {
        ghost.clear();
        ghost.setNotify(false);
        for (int i = 0; i < xs.length; i++) {
            ghost.add(xs[i], ys[i], false);
        }
        ghost.setKey(label == null ? "earlier" : label);
        series.setKey(now == null ? "this run" : now);
        ghost.setNotify(true);
        chart.getLegend().setVisible(xs.length > 0);
    }

    /** The number of the earlier run's points shown. */
    public int ghostCount() {
        return ghost.getItemCount();
    }

    private static BasicStroke ghostStroke(double scale) {
        float w = (float) scale;
        return new BasicStroke(2f * w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f * w, 4f * w}, 0f);
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
        plot.getRenderer().setSeriesStroke(1, ghostStroke(scale));
        chart.getLegend().setItemFont(LABEL_FONT.deriveFont((float) (LABEL_FONT.getSize2D() * scale)));
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
