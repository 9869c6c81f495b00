package org.contrastlab.app.attention;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TitledPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.contrastlab.visual.ArgbImages;

/**
 * The probe strip: one row of small tiles per reading while a ViT trains (the heads' mean over
 * each probe image), the newest at the top and the untrained model's at the bottom, with the
 * cadence in steps; it folds away. Hidden until the first row arrives.
 */
final class ProbeStripView extends TitledPane {
    static final double TILE = 72;
    private final VBox rows = new VBox(3);

    ProbeStripView(ProbeStrip strip) {
        setId("probe-strip");
        setText("Probe images while the run trains");
        setAnimated(false);
        VBox.setMargin(this, new Insets(8, 8, 0, 8));
        Spinner<Integer> every = new Spinner<>(1, 10_000, strip.every(), 5);
        every.setId("probe-every");
        every.setEditable(true);
        every.setPrefWidth(90);
        every.valueProperty().addListener((o, was, now) -> strip.setEvery(now));
        Label title = new Label("the mean of the heads, every");
        HBox header = new HBox(8, title, every, new Label("steps (newest on top; the bottom row is the untrained model)"));
        header.setAlignment(Pos.CENTER_LEFT);
        setContent(new VBox(4, header, rows));
        visibleProperty().bind(Bindings.isNotEmpty(strip.rows()));
        managedProperty().bind(visibleProperty());
        strip.rows().addListener((ListChangeListener<ProbeStrip.Row>) c -> redraw(strip));
    }

    /** The number of rows shown. */
    int rowCount() {
        return rows.getChildren().size();
    }

    private void redraw(ProbeStrip strip) {
        rows.getChildren().clear();
        for (int r = strip.rows().size() - 1; r >= 0; r--) {
            ProbeStrip.Row row = strip.rows().get(r);
            Label step = new Label("step " + row.step());
            step.setMinWidth(70);
            HBox line = new HBox(6, step);
            line.setAlignment(Pos.CENTER_LEFT);
            for (AttentionFigure.Tile t : row.tiles()) {
                ImageView view = new ImageView(ArgbImages.toImage(t.argb(), t.width(), t.height()));
                double scale = TILE / Math.max(t.width(), t.height());
                view.setFitWidth(t.width() * scale);
                view.setFitHeight(t.height() * scale);
                Label caption = new Label(t.caption());
                caption.setMaxWidth(TILE);
                line.getChildren().add(new VBox(1, view, caption));
            }
            rows.getChildren().add(line);
        }
    }
}
