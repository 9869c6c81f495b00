package org.contrastlab.visual;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Rows of image tiles at a fixed display size, pixels shown sharp (no smoothing), each with
 * its caption under it. Rows are given as lists, e.g. an image followed by its views.
 */
public final class ImageGridView extends GridPane {
    private final double tileSize;

    public ImageGridView(double tileSize) {
        this.tileSize = tileSize;
        setHgap(6);
        setVgap(6);
        setPadding(new Insets(8));
        getStyleClass().add("image-grid");
    }

    /** Replaces the content with the given rows. Call on the FX thread. */
    public void setRows(List<List<ImageTile>> rows) {
        getChildren().clear();
        for (int r = 0; r < rows.size(); r++) {
            List<ImageTile> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                add(cell(row.get(c)), c, r);
            }
        }
    }

    /** The number of tiles shown. */
    public int tileCount() {
        return getChildren().size();
    }

    private VBox cell(ImageTile tile) {
        ImageView view = new ImageView(ArgbImages.toImage(tile.argb(), tile.width(), tile.height()));
        view.setFitWidth(tileSize);
        view.setFitHeight(tileSize);
        view.setPreserveRatio(true);
        view.setSmooth(false);
        VBox box = new VBox(2, view);
        box.setAlignment(Pos.CENTER);
        if (!tile.caption().isEmpty()) {
            Label caption = new Label(tile.caption());
            caption.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
            box.getChildren().add(caption);
        }
        return box;
    }
}
