package org.contrastlab.visual;

import java.util.Locale;
import javafx.scene.paint.Color;

/** A scatter's points as drawn now, as an SVG document of the plot's size: vector, for slides and papers. */
final class ScatterSvg {
    private ScatterSvg() {
    }

    static String of(ScatterPlot plot) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                plot.getWidth(), plot.getHeight()));
        for (int k = 0; k < plot.pointCount(); k++) {
            int i = plot.drawn(k);
            if (i < 0) {
                continue;
            }
            Color c = plot.pointColour(i);
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#%02x%02x%02x\"/>%n",
                    plot.px(i), plot.py(i), ScatterPlot.RADIUS, (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                    (int) Math.round(c.getBlue() * 255)));
        }
        return sb.append("</svg>\n").toString();
    }
}
