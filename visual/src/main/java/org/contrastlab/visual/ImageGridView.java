package org.contrastlab.visual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * Rows of image tiles at a fixed display size, pixels shown sharp (no smoothing), each with
 * its caption under it, an optional coloured frame, boxes drawn over it and a tooltip. Rows
 * are given as lists, e.g. an image followed by its views. When the new rows have the shape of
 * the old ones, the cells are kept and only their pixels and texts change, so a grid can be
 * redrawn many times a second while a control moves.
 */
public final class ImageGridView extends GridPane {
    private final double tileSize;
    private final List<Cell> cells = new ArrayList<>();
    private List<Integer> shape = List.of();

    public ImageGridView(double tileSize) {
        this.tileSize = tileSize;
        setHgap(6);
        setVgap(6);
        setPadding(new Insets(8));
        getStyleClass().add("image-grid");
    }

    /** Replaces the content with the given rows. Call on the FX thread. */
    public void setRows(List<List<ImageTile>> rows) {
        List<Integer> newShape = rows.stream().map(List::size).toList();
        if (!newShape.equals(shape)) {
            getChildren().clear();
            cells.clear();
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Cell cell = new Cell(tileSize);
                    cells.add(cell);
                    add(cell.box, c, r);
                }
            }
            shape = newShape;
        }
        int k = 0;
        for (List<ImageTile> row : rows) {
            for (ImageTile tile : row) {
                cells.get(k++).show(tile);
            }
        }
    }

    /** The number of tiles shown. */
    public int tileCount() {
        return cells.size();
    }

    /** The tooltip text of tile {@code i} (row-major), for tests. */
    public String tooltipText(int i) {
        return cells.get(i).tip.getText();
    }

    /** The caption of tile {@code i} (row-major). */
    public String captionText(int i) {
        return cells.get(i).caption.getText();
    }

    private static final class Cell {
        final ImageView view = new ImageView();
        final Canvas overlay;
        final Label caption = new Label();
        final Tooltip tip = new Tooltip();
        final StackPane frame;
        final VBox box;
        final double size;
        WritableImage image;
        int[] shown;
        boolean tipInstalled;
        int frameArgb = -1;
        List<TileBox> boxes = List.of();

        Cell(double size) {
            this.size = size;
            overlay = new Canvas(size, size);
            overlay.setMouseTransparent(true);
            // a canvas is drawn as one more image every frame, even when empty: only show it with boxes on it
            overlay.setVisible(false);
            view.setFitWidth(size);
            view.setFitHeight(size);
            view.setPreserveRatio(true);
            view.setSmooth(false);
            frame = new StackPane(view, overlay);
            frame.setPadding(new Insets(2));
            caption.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
            tip.setShowDelay(Duration.millis(150));
            tip.setShowDuration(Duration.INDEFINITE);
            box = new VBox(2, frame, caption);
            box.setAlignment(Pos.CENTER);
        }

        void show(ImageTile tile) {
            if (image == null || image.getWidth() != tile.width() || image.getHeight() != tile.height()) {
                image = new WritableImage(tile.width(), tile.height());
                view.setImage(image);
                shown = null;
            }
            int[] argb = tile.argb();
            if (!Arrays.equals(shown, argb)) {
                // unchanged pictures (the originals while a slider moves) are not uploaded again
                image.getPixelWriter().setPixels(0, 0, tile.width(), tile.height(),
                        PixelFormat.getIntArgbInstance(), argb, 0, tile.width());
                shown = argb;
            }
            // only what changed is touched: a grid is redrawn many times a second
            caption.setText(tile.caption());
            if (caption.isVisible() == tile.caption().isEmpty()) {
                caption.setVisible(!tile.caption().isEmpty());
                caption.setManaged(!tile.caption().isEmpty());
            }
            tip.setText(tile.tooltip());
            if (tipInstalled == tile.tooltip().isEmpty()) {
                if (tipInstalled) {
                    Tooltip.uninstall(frame, tip);
                } else {
                    Tooltip.install(frame, tip);
                }
                tipInstalled = !tipInstalled;
            }
            if (frameArgb != tile.frameArgb()) {
                frameArgb = tile.frameArgb();
                frame.setStyle(frameArgb == 0 ? "" : "-fx-background-color: " + css(frameArgb) + ";");
            }
            if (!boxes.equals(tile.boxes())) {
                boxes = tile.boxes();
                drawBoxes(tile);
            }
        }

        private void drawBoxes(ImageTile tile) {
            GraphicsContext g = overlay.getGraphicsContext2D();
            g.clearRect(0, 0, size, size);
            overlay.setVisible(!tile.boxes().isEmpty());
            if (tile.boxes().isEmpty()) {
                return;
            }
            double scale = Math.min(size / tile.width(), size / tile.height());
            double ox = (size - tile.width() * scale) / 2;
            double oy = (size - tile.height() * scale) / 2;
            g.setLineWidth(1.5);
            for (TileBox b : tile.boxes()) {
                g.setStroke(color(b.argb()));
                g.strokeRect(ox + b.x() * scale + 0.75, oy + b.y() * scale + 0.75,
                        Math.max(1, b.width() * scale - 1.5), Math.max(1, b.height() * scale - 1.5));
            }
        }
    }

    private static Color color(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, ((argb >>> 24) & 0xFF) / 255.0);
    }

    private static String css(int argb) {
        return String.format("#%06x", argb & 0xFFFFFF);
    }
}
