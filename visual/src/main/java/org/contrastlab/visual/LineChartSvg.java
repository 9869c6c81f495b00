package org.contrastlab.visual;

import java.util.List;
import java.util.Locale;
import org.jfree.data.xy.XYSeries;

/**
 * A line chart as an SVG document, for slides: its title, axes with round ticks, its lines (solid
 * or dashed, each in its colour, named in a legend when there are several) and a reference line,
 * at a scale (1: the window's type and lines; a slide wants 1.5 or more). {@link LiveLineChart}
 * and the window's other line charts write themselves with it.
 */
public final class LineChartSvg {
    private LineChartSvg() {
    }

    /** One line: its name, points, colour ("#1f77b4") and whether it is dashed. */
    public record Line(String name, double[] xs, double[] ys, String colour, boolean dashed) {
        static Line of(XYSeries s, String colour, boolean dashed) {
            double[] xs = new double[s.getItemCount()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = s.getX(i).doubleValue();
                ys[i] = s.getY(i).doubleValue();
            }
            return new Line(String.valueOf(s.getKey()), xs, ys, colour, dashed);
        }
    }

    /** An axis's range as drawn. */
    public record Span(double lo, double hi) {
        double length() {
            return hi - lo;
        }
    }

    /**
     * A chart's parts.
     *
     * @param reference a dashed horizontal line's y (NaN: none)
     * @param x         the x axis's range as drawn
     * @param y         the y axis's range as drawn
     */
    public record Parts(String title, String xLabel, String yLabel, List<Line> lines, double reference, String referenceLabel,
                        Span x, Span y) {
    }

    /** The chart as an SVG document {@code width} × {@code height} px. */
    public static String of(Parts p, double width, double height, double scale) {
        double left = 64 * scale;
        double right = 16 * scale;
        double top = (p.title() == null || p.title().isEmpty() ? 16 : 40) * scale;
        double bottom = 48 * scale;
        double pw = width - left - right;
        double ph = height - top - bottom;
        double font = 12 * scale;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
        if (p.title() != null && !p.title().isEmpty()) {
            sb.append(text(width / 2, 26 * scale, p.title(), 1.3 * font, "middle", "bold"));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>%n",
                left, top, pw, ph));
        for (double t : ticks(p.x())) {
            double px = left + pw * (t - p.x().lo()) / p.x().length();
            sb.append(line(px, top + ph, px, top + ph + 5 * scale, "#888", scale, false));
            sb.append(text(px, top + ph + 18 * scale, number(t), font, "middle", "normal"));
        }
        for (double t : ticks(p.y())) {
            double py = top + ph - ph * (t - p.y().lo()) / p.y().length();
            sb.append(line(left - 5 * scale, py, left, py, "#888", scale, false));
            sb.append(line(left, py, left + pw, py, "#e4e4e4", scale / 2, false));
            sb.append(text(left - 8 * scale, py + font / 3, number(t), font, "end", "normal"));
        }
        sb.append(text(left + pw / 2, height - 10 * scale, p.xLabel(), font, "middle", "normal"));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" font-size=\"%.1f\" "
                + "text-anchor=\"middle\">%s</text>%n", 16 * scale, top + ph / 2, font, escape(p.yLabel())));
        if (!Double.isNaN(p.reference())) {
            double py = top + ph - ph * (p.reference() - p.y().lo()) / p.y().length();
            sb.append(line(left, py, left + pw, py, "#888888", 1.5 * scale, true));
            if (p.referenceLabel() != null) {
                sb.append(text(left + pw - 4 * scale, py - 4 * scale, p.referenceLabel(), font, "end", "normal"));
            }
        }
        List<Line> drawn = p.lines().stream().filter(l -> l.xs().length > 0).toList();
        for (Line l : drawn) {
            sb.append(polyline(l, p, left, top, pw, ph, 2 * scale));
        }
        if (drawn.size() > 1) {
            double lx = left + 8 * scale;
            for (int i = 0; i < drawn.size(); i++) {
                double ly = top + (14 + 16 * i) * scale;
                sb.append(line(lx, ly - font / 3, lx + 24 * scale, ly - font / 3, drawn.get(i).colour(), 2 * scale, drawn.get(i).dashed()));
                sb.append(text(lx + 30 * scale, ly, drawn.get(i).name(), font, "start", "normal"));
            }
        }
        return sb.append("</svg>\n").toString();
    }

    private static String polyline(Line l, Parts p, double left, double top, double pw, double ph, double width) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < l.xs().length; i++) {
            double x = left + pw * (l.xs()[i] - p.x().lo()) / p.x().length();
            double y = top + ph - ph * (l.ys()[i] - p.y().lo()) / p.y().length();
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        String dash = l.dashed() ? String.format(Locale.ROOT, " stroke-dasharray=\"%.1f %.1f\"", 2.5 * width, 2 * width) : "";
        return String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>%n",
                pts.toString().strip(), l.colour(), width, dash);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, double width, boolean dashed) {
        String dash = dashed ? String.format(Locale.ROOT, " stroke-dasharray=\"%.1f %.1f\"", 4 * width, 3 * width) : "";
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, colour, width, dash);
    }

    private static String text(double x, double y, String s, double size, String anchor, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\" "
                + "font-weight=\"%s\">%s</text>%n", x, y, size, anchor, weight, escape(s == null ? "" : s));
    }

    /** {@code s} as XML text or attribute value (null: empty). */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** About five round ticks within the range (1, 2 or 5 times a power of ten apart). */
    static double[] ticks(Span r) {
        double span = r.length();
        if (!(span > 0) || !Double.isFinite(span)) {
            return new double[] {r.lo()};
        }
        double raw = span / 5;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / pow < 1.5 ? pow : raw / pow < 3.5 ? 2 * pow : raw / pow < 7.5 ? 5 * pow : 10 * pow;
        double first = Math.ceil(r.lo() / step) * step;
        int n = (int) Math.floor((r.hi() - first) / step) + 1;
        double[] out = new double[Math.max(0, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    private static String number(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.valueOf((long) Math.rint(v));
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "");
    }
}
