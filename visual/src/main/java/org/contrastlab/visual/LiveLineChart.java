package org.contrastlab.visual;

import java.awt.BasicStroke;
import java.awt.Color;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
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
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        // x is a step count: whole-number ticks only
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
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
    }

    /** The number of points shown. */
    public int pointCount() {
        return series.getItemCount();
    }

    /** The y value of the last point, or NaN when empty. */
    public double lastY() {
        return series.isEmpty() ? Double.NaN : series.getY(series.getItemCount() - 1).doubleValue();
    }
}
