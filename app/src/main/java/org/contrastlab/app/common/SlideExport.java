package org.contrastlab.app.common;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Scale;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.visual.LineChartSvg;

/**
 * Figures for slides from any part of the window: a PNG at {@link #SCALE} times its size on
 * screen, and an SVG: a line chart's lines as vectors, anything else (a heat map, a grid of views)
 * as that PNG inside an SVG. Offered from the node's context menu. FX thread.
 */
public final class SlideExport {
    /** How much larger than on screen a figure is exported: a slide at the presentation scale. */
    public static final double SCALE = 1.5;
    /** JavaFX's default colours of a chart's first series (modena.css). */
    private static final List<String> PALETTE = List.of("#f3622d", "#fba71b", "#57b757", "#41a9c9", "#4258c9", "#9a42c8", "#c84164",
            "#888888");

    private SlideExport() {
    }

    /** The node as a PNG, {@code scale} times its size on screen. */
    public static void png(Node node, double scale, Path file) throws IOException {
        AtomicFiles.write(file, pngBytes(snapshot(node, scale)));
    }

    private static byte[] pngBytes(WritableImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png);
        return png.toByteArray();
    }

    /** The node as an SVG: a line chart's lines as vectors, anything else as its picture. */
    public static void svg(Node node, double scale, Path file) throws IOException {
        String doc;
        if (node instanceof LineChart<?, ?> chart && chart.getXAxis() instanceof NumberAxis x && chart.getYAxis() instanceof NumberAxis y) {
            doc = LineChartSvg.of(parts(chart, x, y), chart.getWidth() * scale, chart.getHeight() * scale, scale);
        } else {
            WritableImage image = snapshot(node, scale);
            doc = String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">%n"
                    + "<image width=\"%.0f\" height=\"%.0f\" href=\"data:image/png;base64,%s\"/>%n</svg>%n", image.getWidth(),
                    image.getHeight(), image.getWidth(), image.getHeight(), Base64.getEncoder().encodeToString(pngBytes(image)));
        }
        AtomicFiles.writeString(file, doc);
    }

    private static LineChartSvg.Parts parts(LineChart<?, ?> chart, NumberAxis x, NumberAxis y) {
        List<LineChartSvg.Line> lines = new ArrayList<>();
        int i = 0;
        for (XYChart.Series<?, ?> s : chart.getData()) {
            double[] xs = new double[s.getData().size()];
            double[] ys = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = ((Number) s.getData().get(k).getXValue()).doubleValue();
                ys[k] = ((Number) s.getData().get(k).getYValue()).doubleValue();
            }
            lines.add(new LineChartSvg.Line(s.getName() == null ? "" : s.getName(), xs, ys, PALETTE.get(i++ % PALETTE.size()), false));
        }
        return new LineChartSvg.Parts(chart.getTitle(), x.getLabel(), y.getLabel(), lines, Double.NaN, null,
                new LineChartSvg.Span(x.getLowerBound(), x.getUpperBound()), new LineChartSvg.Span(y.getLowerBound(), y.getUpperBound()));
    }

    private static WritableImage snapshot(Node node, double scale) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(new Scale(scale, scale));
        return node.snapshot(p, null);
    }

    /**
     * Offers "Export PNG for slides…" and "Export SVG for slides…" on the node's context menu
     * (right click); {@code problems} hears of a file that could not be written.
     */
    public static void offer(Node node, String name, Consumer<String> problems) {
        ContextMenu menu = new ContextMenu();
        for (String kind : List.of("png", "svg")) {
            MenuItem item = new MenuItem("Export " + kind.toUpperCase(Locale.ROOT) + " for slides…");
            item.setOnAction(e -> {
                FileChooser chooser = new FileChooser();
                chooser.setInitialFileName(name + "." + kind);
                chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.toUpperCase(Locale.ROOT), "*." + kind));
                File f = chooser.showSaveDialog(node.getScene() == null ? null : node.getScene().getWindow());
                if (f != null) {
                    try {
                        if (kind.equals("png")) {
                            png(node, SCALE, f.toPath());
                        } else {
                            svg(node, SCALE, f.toPath());
                        }
                    } catch (IOException | RuntimeException ex) {
                        problems.accept("cannot write " + f + ": " + ex.getMessage());
                    }
                }
            });
            menu.getItems().add(item);
        }
        node.setOnContextMenuRequested(e -> menu.show(node, e.getScreenX(), e.getScreenY()));
    }
}
