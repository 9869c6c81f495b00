package org.contrastlab.app.explore;

import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.visual.ScatterPlot;

/**
 * The explorer's legend and colouring: one check box per class (unticked: the class is hidden
 * in both maps) and the "colour by" choice: by class, by k-means clusters of the trained
 * embeddings (k = number of classes, computed on the explorer's worker), or one class against
 * the rest in grey.
 */
final class ExplorerLegend {
    static final String BY_CLASS = "class";
    static final String KMEANS = "k-means clusters";
    private final ExplorerViewModel model;
    private final ScatterPlot[] plots;
    private final VBox box = new VBox(3);
    private final ComboBox<String> colourBy = new ComboBox<>();

    ExplorerLegend(ExplorerViewModel model, ScatterPlot... plots) {
        this.model = model;
        this.plots = plots;
        colourBy.setId("colour-by");
        colourBy.setOnAction(e -> recolour());
    }

    VBox classes() {
        return box;
    }

    ComboBox<String> chooser() {
        return colourBy;
    }

    /** A check box per class of {@code e}, all shown, coloured by class. */
    void build(Embeddings e) {
        colourBy.getItems().setAll(BY_CLASS, KMEANS);
        colourBy.getItems().addAll(e.classNames());
        colourBy.setValue(BY_CLASS);
        box.getChildren().clear();
        for (int c = 0; c < e.classNames().size(); c++) {
            int label = c;
            CheckBox shown = new CheckBox(e.classNames().get(c));
            shown.setSelected(true);
            shown.setGraphic(new Rectangle(10, 10, ScatterPlot.colour(c)));
            shown.selectedProperty().addListener((o, a, on) -> {
                for (ScatterPlot p : plots) {
                    p.setClassHidden(label, !on);
                }
            });
            box.getChildren().add(shown);
        }
    }

    void colourBy(String choice) {
        colourBy.setValue(choice);
        recolour();
    }

    private void recolour() {
        Embeddings e = model.embeddingsProperty().get();
        String choice = colourBy.getValue();
        if (e == null || choice == null) {
            return;
        }
        if (choice.equals(KMEANS)) {
            model.clusters(Math.max(2, e.classNames().size()), groups -> {
                if (KMEANS.equals(colourBy.getValue())) { // not chosen away meanwhile
                    paint(groups);
                }
            });
            return;
        }
        int[] groups = null;
        if (!choice.equals(BY_CLASS)) {
            int c = e.classNames().indexOf(choice);
            groups = new int[e.n()];
            for (int i = 0; i < e.n(); i++) {
                groups[i] = e.labels()[i] == c ? c : -1;
            }
        }
        paint(groups);
    }

    private void paint(int[] groups) {
        for (ScatterPlot p : plots) {
            p.setColourGroups(groups);
        }
    }
}
