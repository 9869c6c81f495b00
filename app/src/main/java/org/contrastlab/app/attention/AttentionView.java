package org.contrastlab.app.attention;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.contrastlab.app.common.WeightsChooser;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.visual.ArgbImages;

/**
 * The attention viewer: open a run or a ViT file, pick an image of the dataset (or drop one),
 * and see the image, the heads' mean and every head over it, as attention (viridis, blended)
 * or as DINO's mask; choose the layer, the mass, the blend, smooth maps and the patch grid;
 * hover a patch to see where that patch attends; export the figure as a PNG.
 */
public final class AttentionView extends BorderPane {
    private final HBox open;
    static final double TILE = 224;
    private final AttentionViewModel model;
    private final FlowPane tiles = new FlowPane(10, 10);
    private final Spinner<Integer> image = new Spinner<>(0, 0, 0);
    private final Spinner<Integer> layer = new Spinner<>(1, 1, 1);
    private ImageStore images;
    private AttentionViewModel.Figure shown;
    private String imagesName = "";

    /** @param latestRun the newest run of the dashboard (null when there is none) */
    public AttentionView(AttentionViewModel model, Supplier<Path> latestRun) {
        this.model = model;
        setId("attention-view");
        Button openRun = new Button("Open run…");
        openRun.setId("open-run");
        openRun.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getScene().getWindow());
            if (dir != null) {
                model.openModel(dir.toPath());
            }
        });
        Button openFile = new Button("Open ViT file…");
        openFile.setId("open-weights");
        openFile.setOnAction(e -> {
            Path f = WeightsChooser.choose(getScene().getWindow(), "Open a ViT");
            if (f != null) {
                model.openModel(f);
            }
        });
        Button latest = new Button("Latest run");
        latest.setId("latest-run");
        latest.setOnAction(e -> {
            Path run = latestRun.get();
            if (run == null) {
                model.statusProperty().set("no run yet: train one with a ViT backbone on the Train tab, or open one");
            } else {
                model.openModel(run);
            }
        });
        image.setId("image-index");
        image.setEditable(true);
        image.setPrefWidth(90);
        image.valueProperty().addListener((o, was, now) -> showImage(now));
        Button random = new Button("Random image");
        random.setId("random-image");
        random.setOnAction(e -> {
            if (images != null) {
                image.getValueFactory().setValue(new Random().nextInt(images.size()));
            }
        });
        layer.setId("layer");
        layer.setPrefWidth(70);
        model.layersProperty().addListener((o, was, now) -> {
            int n = Math.max(1, now.intValue());
            layer.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, n, n));
        });
        layer.valueProperty().addListener((o, was, now) -> model.setLayer(now - 1));
        CheckBox follow = check("follow training", "follow-check", model::setFollow);
        follow.setTooltip(new Tooltip(
                "refresh the maps of this image at every checkpoint of the run the Train tab is training,"
                        + " and show the probe images' maps every few steps of it"));
        CheckBox mask = check("DINO mask", "mask-check", model::setMask);
        CheckBox smooth = check("smooth", "smooth-check", model::setSmooth);
        CheckBox grid = check("patch grid", "grid-check", model::setGrid);
        Slider mass = slider("mass-slider", 0.05, 1, 0.6, model::setMass);
        Slider alpha = slider("alpha-slider", 0, 1, 0.6, model::setAlpha);
        Button export = exportButton();
        open = row(openRun, openFile, latest, new Label("image"), image, random, new Label("layer"), layer, export);
        HBox draw = row(mask, new Label("mass"), mass, new Label("blend"), alpha, smooth, grid, follow);
        Label hint = new Label("hover a patch to see where it attends; drop an image file here to look at it");
        VBox top = new VBox(6, open, draw, hint);
        top.setPadding(new Insets(8));
        setTop(top);
        tiles.setPadding(new Insets(8));
        tiles.setOnMouseExited(e -> model.setQuery(0));
        ScrollPane scroll = new ScrollPane(new VBox(4, new ProbeStripView(model.probes()), tiles));
        scroll.setFitToWidth(true);
        setCenter(scroll);
        Label status = new Label();
        status.setId("attention-status");
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new Insets(4, 8, 4, 8));
        setBottom(status);
        model.figureProperty().addListener((o, was, now) -> show(now));
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                model.showFile(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** The dataset whose images the viewer offers (its held-out split). FX thread. */
    public void setImages(ImageStore store, String name) {
        this.images = store;
        this.imagesName = name;
        model.probes().setImages(store);
        image.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, store.size() - 1, 0));
        showImage(0);
    }

    private Button exportButton() {
        Button export = new Button("Export…");
        export.setId("export-button");
        export.setTooltip(new Tooltip("the figure as PNG, or as SVG for slides (name the file .svg)"));
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("attention.png");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG", "*.png"),
                    new FileChooser.ExtensionFilter("SVG (for slides)", "*.svg"));
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                exportTo(f.toPath());
            }
        });
        return export;
    }

    /** Writes the figure shown now as a PNG (an SVG when the name ends in .svg). FX thread. */
    public void exportTo(Path file) {
        AttentionViewModel.Figure f = model.figureProperty().get();
        if (f == null) {
            model.statusProperty().set("nothing to export yet");
            return;
        }
        try {
            FigureExport.write(f.tiles(), file);
            model.statusProperty().set("figure written to " + file);
        } catch (IOException | RuntimeException ex) {
            model.statusProperty().set("cannot write " + file + ": " + ex.getMessage());
        }
    }

    /** The number of tiles shown (the probe strip aside). */
    public int tileCount() {
        return tiles.getChildren().size();
    }

    private void showImage(Integer i) {
        if (images != null && i != null && i >= 0 && i < images.size()) {
            model.showImage(images, i, imagesName + " #" + i);
        }
    }

    /** Puts a figure on screen, reusing the tiles already there (so a hovered tile stays under the mouse). */
    private void show(AttentionViewModel.Figure f) {
        if (f == null) {
            return;
        }
        shown = f;
        if (tiles.getChildren().size() != f.tiles().size()) {
            tiles.getChildren().clear();
            for (int i = 0; i < f.tiles().size(); i++) {
                ImageView view = new ImageView();
                view.setSmooth(false);
                view.setOnMouseMoved(e -> hover(e.getX(), e.getY()));
                Label caption = new Label();
                VBox box = new VBox(2, view, caption);
                box.setAlignment(Pos.TOP_LEFT);
                tiles.getChildren().add(box);
            }
        }
        double scale = TILE / Math.max(f.width(), f.height());
        for (int i = 0; i < f.tiles().size(); i++) {
            AttentionFigure.Tile t = f.tiles().get(i);
            VBox box = (VBox) tiles.getChildren().get(i);
            ImageView view = (ImageView) box.getChildren().get(0);
            view.setImage(ArgbImages.toImage(t.argb(), t.width(), t.height()));
            view.setFitWidth(t.width() * scale);
            view.setFitHeight(t.height() * scale);
            Label caption = (Label) box.getChildren().get(1);
            caption.setText(t.caption());
            caption.setMaxWidth(t.width() * scale);
        }
    }

    /** The mouse at (x, y) of a tile: that patch's attention is shown. */
    private void hover(double x, double y) {
        AttentionViewModel.Figure f = shown;
        if (f == null) {
            return;
        }
        double scale = TILE / Math.max(f.width(), f.height());
        int col = (int) Math.max(0, Math.min(f.gridW() - 1, x / scale / f.patch()));
        int row = (int) Math.max(0, Math.min(f.gridH() - 1, y / scale / f.patch()));
        model.setQuery(1 + row * f.gridW() + col);
    }

    private static CheckBox check(String text, String id, Consumer<Boolean> set) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.selectedProperty().addListener((o, was, now) -> set.accept(now));
        return c;
    }

    private static Slider slider(String id, double min, double max, double value, DoubleConsumer set) {
        Slider s = new Slider(min, max, value);
        s.setId(id);
        s.setPrefWidth(140);
        s.valueProperty().addListener((o, was, now) -> set.accept(now.doubleValue()));
        return s;
    }

    private static HBox row(Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Puts a control after the "Latest run" button (the app's examples menu). */
    public void addOpenControl(Node control) {
        open.getChildren().add(3, control);
    }
}
