package org.contrastlab.app.attention;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.visual.LineChartSvg;

/** The figure as one PNG (or SVG): the tiles in rows of four, each scaled by whole pixels, with its caption under it. */
final class FigureExport {
    private static final int COLUMNS = 4;
    private static final int CAPTION = 18;

    private FigureExport() {
    }

    /** Where the tiles go: each scaled by whole pixels to about 224 px, in rows of four, a caption under each. */
    private record Grid(int scale, int tw, int th, int columns, int rows) {
        static Grid of(List<AttentionFigure.Tile> tiles) {
            AttentionFigure.Tile first = tiles.get(0);
            int scale = Math.max(1, 224 / Math.max(first.width(), first.height()));
            int columns = Math.min(COLUMNS, tiles.size());
            return new Grid(scale, first.width() * scale, first.height() * scale, columns, (tiles.size() + columns - 1) / columns);
        }

        int width() {
            return columns * (tw + 8) + 8;
        }

        int height() {
            return rows * (th + CAPTION + 8) + 8;
        }

        int x(int i) {
            return 8 + (i % columns) * (tw + 8);
        }

        int y(int i) {
            return 8 + (i / columns) * (th + CAPTION + 8);
        }
    }

    static BufferedImage compose(List<AttentionFigure.Tile> tiles) {
        Grid grid = Grid.of(tiles);
        int tw = grid.tw();
        int th = grid.th();
        BufferedImage out = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i < tiles.size(); i++) {
                AttentionFigure.Tile t = tiles.get(i);
                BufferedImage tile = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
                tile.setRGB(0, 0, t.width(), t.height(), t.argb(), 0, t.width());
                int x = grid.x(i);
                int y = grid.y(i);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(tile, x, y, tw, th, null);
                g.setColor(Color.DARK_GRAY);
                g.drawString(t.caption(), x, y + th + 14);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The figure as SVG, for slides: each tile a picture of its own (PNG inside the SVG, scaled by
     * whole pixels as in {@link #compose}), each caption text, laid out as the PNG is.
     */
    static String svg(List<AttentionFigure.Tile> tiles) throws IOException {
        Grid grid = Grid.of(tiles);
        int tw = grid.tw();
        int th = grid.th();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                grid.width(), grid.height()));
        for (int i = 0; i < tiles.size(); i++) {
            AttentionFigure.Tile t = tiles.get(i);
            BufferedImage tile = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = tile.createGraphics();
            try {
                BufferedImage raw = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
                raw.setRGB(0, 0, t.width(), t.height(), t.argb(), 0, t.width());
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(raw, 0, 0, tw, th, null);
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(tile, "png", png);
            int x = grid.x(i);
            int y = grid.y(i);
            sb.append(String.format(Locale.ROOT, "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    + "href=\"data:image/png;base64,%s\"/>%n", x, y, tw, th, Base64.getEncoder().encodeToString(png.toByteArray())));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#404040\">%s</text>%n", x,
                    y + th + 14,
                    LineChartSvg.escape(t.caption())));
        }
        return sb.append("</svg>\n").toString();
    }

    /** Writes the figure as PNG, or as SVG when the file's name ends in .svg; whole, or not at all. */
    static void write(List<AttentionFigure.Tile> tiles, Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, svg(tiles));
            AtomicFiles.move(tmp, file);
            return;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        if (!ImageIO.write(compose(tiles), "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        AtomicFiles.move(tmp, file);
    }
}
