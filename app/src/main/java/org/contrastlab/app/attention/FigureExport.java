package org.contrastlab.app.attention;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.contrastlab.core.io.AtomicFiles;

/** The figure as one PNG: the tiles in rows of four, each scaled by whole pixels, with its caption under it. */
final class FigureExport {
    private static final int COLUMNS = 4;
    private static final int CAPTION = 18;

    private FigureExport() {
    }

    static BufferedImage compose(List<AttentionFigure.Tile> tiles) {
        AttentionFigure.Tile first = tiles.get(0);
        int scale = Math.max(1, 224 / Math.max(first.width(), first.height()));
        int tw = first.width() * scale;
        int th = first.height() * scale;
        int columns = Math.min(COLUMNS, tiles.size());
        int rows = (tiles.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (tw + 8) + 8, rows * (th + CAPTION + 8) + 8, BufferedImage.TYPE_INT_RGB);
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
                int x = 8 + (i % columns) * (tw + 8);
                int y = 8 + (i / columns) * (th + CAPTION + 8);
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

    static void write(List<AttentionFigure.Tile> tiles, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        if (!ImageIO.write(compose(tiles), "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        AtomicFiles.move(tmp, file);
    }
}
