package org.contrastlab.app.augment;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.visual.ImageGridView;
import org.contrastlab.visual.ImageTile;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.control.RangeSlider;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * The augmentation studio: the images on the right, each followed by its views under the
 * recipe being edited (crop boxes on the original, global views framed green, local orange,
 * what was drawn on hover), and on the left the recipe's controls: a preset, the view group,
 * range sliders for the crop scale, aspect ratio and blur sigma, and a property sheet for the
 * rest. Every change re-renders in the background; files dropped on the view are added.
 */
public final class StudioView extends BorderPane {
    static final double TILE = 96;

    private final StudioViewModel model;
    private final ImageGridView grid = new ImageGridView(TILE);
    private final ComboBox<String> presets = new ComboBox<>(FXCollections.observableArrayList(ViewRecipes.names()));
    private final ComboBox<Integer> groups = new ComboBox<>();
    private final ComboBox<String> normalization = new ComboBox<>(FXCollections.observableArrayList(Normalization.NAMES));
    private final RangeSlider scale = range(0.01, 1.0, "scale-slider");
    private final RangeSlider ratio = range(0.25, 4.0, "ratio-slider");
    private final RangeSlider sigma = range(0.05, 5.0, "sigma-slider");
    private final Label scaleText = new Label();
    private final Label ratioText = new Label();
    private final Label sigmaText = new Label();
    private final PropertySheet sheet = new PropertySheet();
    private final ScrollPane scroller;
    private boolean syncing;

    public StudioView(StudioViewModel model) {
        this.model = model;
        setTop(toolbar());
        setLeft(editor());
        scroller = new ScrollPane(grid);
        scroller.setFitToWidth(true);
        scroller.viewportBoundsProperty().addListener((o, a, b) -> {
            if (a == null || Math.abs(a.getWidth() - b.getWidth()) > 1) {
                showRows(model.rowsProperty().get());
            }
        });
        grid.setId("studio-grid");
        setCenter(scroller);
        Label message = new Label();
        message.setId("studio-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        Label stats = new Label();
        stats.setId("studio-stats");
        model.framesProperty().addListener((o, a, b) -> stats.setText(String.format(Locale.ROOT,
                "%s · seed %d%s · last render %.0f ms", model.summary(), model.seedProperty().get(),
                model.lockedProperty().get() ? " (locked)" : "", model.lastRenderMillisProperty().get())));
        VBox bottom = new VBox(2, message, stats);
        bottom.setPadding(new Insets(4, 10, 6, 10));
        setBottom(bottom);
        model.rowsProperty().addListener((o, a, rows) -> showRows(rows));
        showRows(model.rowsProperty().get());
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                model.addFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        model.recipeProperty().addListener((o, a, b) -> {
            if (a == null || b.groups().size() != a.groups().size() || !b.name().equals(a.name())) {
                syncControls();
            }
        });
        syncControls();
    }

    private ToolBar toolbar() {
        presets.setId("preset-box");
        presets.setPromptText("preset");
        presets.setOnAction(e -> {
            if (!syncing && presets.getValue() != null) {
                model.applyPreset(presets.getValue());
                syncControls();
            }
        });
        Button reroll = new Button("Re-roll");
        reroll.setId("studio-reroll");
        reroll.setTooltip(new Tooltip("new random draws for every view"));
        reroll.setOnAction(e -> model.reroll());
        ToggleButton lock = new ToggleButton("Lock seed");
        lock.setId("lock-toggle");
        lock.setTooltip(new Tooltip("keep the same draws while tuning, so only the setting you move changes the views"));
        lock.selectedProperty().bindBidirectional(model.lockedProperty());
        ToggleButton pipeline = new ToggleButton("Pipeline");
        pipeline.setId("pipeline-toggle");
        pipeline.setTooltip(new Tooltip("one view of the selected group after each op in turn"));
        pipeline.selectedProperty().bindBidirectional(model.pipelineProperty());
        ToggleButton lab = new ToggleButton("L | ab");
        lab.setId("lab-toggle");
        lab.setTooltip(new Tooltip("each view followed by its L (lightness) and ab (colour) channels: the two views CMC contrasts"));
        lab.selectedProperty().bindBidirectional(model.labChannelsProperty());
        ToggleButton patches = new ToggleButton("Patches");
        patches.setId("patches-toggle");
        patches.setTooltip(new Tooltip(CpcOverlay.TOOLTIP));
        patches.selectedProperty().bindBidirectional(model.patchGridProperty());
        Button load = new Button("Load…");
        load.setOnAction(e -> chooser("Load a recipe", false));
        Button save = new Button("Save…");
        save.setOnAction(e -> chooser("Save the recipe", true));
        Button train = new Button("Use for training");
        train.setId("use-for-training");
        train.setTooltip(new Tooltip("the training dashboard trains with this recipe"));
        train.setOnAction(e -> model.useForTraining());
        Spinner<Integer> index = new Spinner<>(0, Integer.MAX_VALUE, 0);
        index.setEditable(true);
        index.setPrefWidth(90);
        index.setId("image-index");
        Button add = new Button("Add image");
        add.setOnAction(e -> model.addFromDataset(index.getValue()));
        Button random = new Button("Add random");
        random.setId("add-random");
        random.setOnAction(e -> model.addRandomFromDataset());
        Button removeLast = new Button("Remove last");
        removeLast.setOnAction(e -> model.removeSource(model.sources().size() - 1));
        return new ToolBar(presets, reroll, lock, pipeline, lab, patches, new Separator(), load, save, train, new Separator(),
                new Label("image #"), index, add, random, removeLast);
    }

    private VBox editor() {
        groups.setId("group-box");
        groups.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer i) {
                if (i == null || i >= model.recipeProperty().get().groups().size()) {
                    return "";
                }
                ViewGroup g = model.recipeProperty().get().groups().get(i);
                return String.format(Locale.ROOT, "group %d: %s ×%d, %d px", i + 1, g.role().name().toLowerCase(Locale.ROOT),
                        g.count(), g.size());
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        groups.setOnAction(e -> {
            if (!syncing && groups.getValue() != null) {
                model.selectedGroupProperty().set(groups.getValue());
                syncControls();
            }
        });
        normalization.setOnAction(e -> {
            if (!syncing && normalization.getValue() != null) {
                model.setNormalization(normalization.getValue());
            }
        });
        scale.lowValueProperty().addListener((o, a, b) -> rangeMoved());
        scale.highValueProperty().addListener((o, a, b) -> rangeMoved());
        ratio.lowValueProperty().addListener((o, a, b) -> rangeMoved());
        ratio.highValueProperty().addListener((o, a, b) -> rangeMoved());
        sigma.lowValueProperty().addListener((o, a, b) -> rangeMoved());
        sigma.highValueProperty().addListener((o, a, b) -> rangeMoved());
        sheet.setId("group-sheet");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setPropertyEditorFactory(new DefaultPropertyEditorFactory() {
            @Override
            public PropertyEditor<?> call(PropertySheet.Item item) {
                if (item instanceof GroupProperty<?> p && p.getType() == Double.class) {
                    return new SliderEditor(p);
                }
                return super.call(item);
            }
        });
        sheet.setPrefHeight(430);
        Label legend = new Label("frames and crop boxes: green = global views, orange = local views");
        legend.setWrapText(true);
        legend.setMaxWidth(310);
        legend.setStyle("-fx-font-size: 11px; -fx-text-fill: #555;");
        VBox box = new VBox(6,
                new Label("Recipe"), groups, legend, new HBox(6, new Label("normalisation"), normalization),
                scaleText, scale, ratioText, ratio, sigmaText, sigma, sheet);
        box.setPadding(new Insets(8));
        box.setPrefWidth(330);
        box.setMinWidth(300);
        return box;
    }

    /** Puts as many images (each with its views) side by side as the width holds. */
    private void showRows(List<List<ImageTile>> rows) {
        int perImage = rows.stream().mapToInt(List::size).max().orElse(1);
        double width = scroller.getViewportBounds() == null ? 0 : scroller.getViewportBounds().getWidth();
        int tiles = Math.max(1, (int) ((width - 16) / (TILE + 16)));
        int together = Math.max(1, tiles / Math.max(1, perImage));
        List<List<ImageTile>> packed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += together) {
            List<ImageTile> row = new ArrayList<>();
            for (int k = i; k < Math.min(rows.size(), i + together); k++) {
                row.addAll(rows.get(k));
            }
            packed.add(row);
        }
        grid.setRows(packed);
    }

    private void rangeMoved() {
        updateRangeTexts();
        if (syncing) {
            return;
        }
        model.editGroup(b -> b.scale(scale.getLowValue(), scale.getHighValue())
                .ratio(ratio.getLowValue(), ratio.getHighValue())
                .blur(model.recipeProperty().get().groups().get(model.selectedGroupProperty().get()).blurProbability(),
                        sigma.getLowValue(), sigma.getHighValue()));
    }

    private void updateRangeTexts() {
        scaleText.setText(String.format(Locale.ROOT, "crop scale (share of the image): %.2f – %.2f", scale.getLowValue(),
                scale.getHighValue()));
        ratioText.setText(String.format(Locale.ROOT, "aspect ratio: %.2f – %.2f", ratio.getLowValue(), ratio.getHighValue()));
        sigmaText.setText(String.format(Locale.ROOT, "blur sigma: %.2f – %.2f px", sigma.getLowValue(), sigma.getHighValue()));
    }

    /** Puts the recipe's values into the controls (after a preset, a load or a group switch). */
    public void syncControls() {
        syncing = true;
        try {
            ViewRecipe r = model.recipeProperty().get();
            int g = Math.min(model.selectedGroupProperty().get(), r.groups().size() - 1);
            ViewGroup group = r.groups().get(g);
            presets.setValue(ViewRecipes.names().contains(r.name()) ? r.name() : null);
            groups.setItems(FXCollections.observableArrayList(IntStream.range(0, r.groups().size()).boxed().toList()));
            groups.setValue(g);
            normalization.setValue(r.normalization());
            set(scale, group.scaleMin(), group.scaleMax());
            set(ratio, group.ratioMin(), group.ratioMax());
            set(sigma, group.blurSigmaMin(), group.blurSigmaMax());
            updateRangeTexts();
            sheet.getItems().setAll(GroupProperty.sheetOf(model));
        } finally {
            syncing = false;
        }
    }

    private void chooser(String title, boolean save) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Recipes (*.yaml, *.json)", "*.yaml", "*.yml", "*.json"));
        fc.setInitialFileName(model.recipeProperty().get().name() + ".yaml");
        File f = save ? fc.showSaveDialog(getScene().getWindow()) : fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            if (save) {
                model.save(f.toPath());
            } else {
                model.load(f.toPath());
                syncControls();
            }
        }
    }

    private static RangeSlider range(double min, double max, String id) {
        RangeSlider s = new RangeSlider(min, max, min, max);
        s.setId(id);
        s.setShowTickMarks(true);
        s.setMajorTickUnit((max - min) / 4);
        s.setPrefWidth(300);
        return s;
    }

    private static void set(RangeSlider s, double lo, double hi) {
        // widen first so that neither value is clamped by the other on the way
        s.setLowValue(s.getMin());
        s.setHighValue(Math.min(s.getMax(), hi));
        s.setLowValue(Math.max(s.getMin(), lo));
    }

    /** The grid of images and views, for tests. */
    public ImageGridView grid() {
        return grid;
    }

    public RangeSlider scaleSlider() {
        return scale;
    }
}
