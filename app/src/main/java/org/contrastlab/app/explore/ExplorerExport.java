package org.contrastlab.app.explore;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.visual.ScatterPlot;

/** The explorer's figures as files: a PNG of what is on screen, an SVG of the maps side by side. FX thread. */
final class ExplorerExport {
    /** The gap between two maps in the SVG, in pixels. */
    static final double GAP = 10;

    private ExplorerExport() {
    }

    /** A snapshot of {@code node} as a PNG, written through a temporary file. */
    static void png(Node node, Path file) throws IOException {
        WritableImage shot = node.snapshot(null, null);
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = shot.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ImageIO.write(out, "png", tmp.toFile());
        AtomicFiles.move(tmp, file);
    }

    /** The plots' points as drawn now, left to right, in one SVG document. */
    static void svg(List<ScatterPlot> plots, Path file) {
        if (plots.isEmpty()) {
            throw new IllegalStateException("no map yet");
        }
        StringBuilder sb = new StringBuilder();
        double width = 0;
        double height = 0;
        for (ScatterPlot plot : plots) {
            String one = plot.svg();
            String body = one.substring(one.indexOf('>') + 1, one.lastIndexOf("</svg>"));
            sb.append(String.format(Locale.ROOT, "<g transform=\"translate(%.0f,0)\">%s</g>%n", width, body));
            width += plot.getWidth() + GAP;
            height = Math.max(height, plot.getHeight());
        }
        String doc = String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">%n", width, height)
                + sb + "</svg>\n";
        AtomicFiles.write(file, doc.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file to a path. */
    interface Writer {
        void write(Path file) throws IOException;
    }

    /** Asks where to save (a file chooser over {@code owner}'s window) and writes there, saying in {@code status} what happened. */
    static void save(Node owner, String name, Writer writer, StringProperty status) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(name);
        File f = chooser.showSaveDialog(owner.getScene().getWindow());
        if (f != null) {
            try {
                writer.write(f.toPath());
                status.set("written to " + f);
            } catch (IOException | RuntimeException ex) {
                status.set("cannot write " + f + ": " + ex.getMessage());
            }
        }
    }
}
