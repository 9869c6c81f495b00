package org.contrastlab.app.explore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.contrastlab.app.common.WeightsChooser;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.core.embed.MapCsv;
import org.contrastlab.core.embed.ProjectorExport;
import org.contrastlab.visual.ArgbImages;
import org.contrastlab.visual.ScatterPlot;

/**
 * The embedding explorer: the held-out images as points of a map of a run's embeddings (PCA at
 * once, then t-SNE, animated), beside the same backbone's map at random initialisation, in the
 * same colours. Zoom with the wheel, pan by dragging; hover shows the image; a click selects
 * it in both maps and shows its nearest neighbours in the embedding space; the legend hides
 * classes; the figure exports as PNG and the coordinates as CSV.
 */
public final class ExplorerView extends BorderPane {
    private final FlowPane top;
    /** How often the maps are sampled while t-SNE runs. */
    static final Duration CADENCE = Duration.millis(100);
    private final ExplorerViewModel model;
    private final ScatterPlot[] plots = {new ScatterPlot(), new ScatterPlot()};
    private final ExplorerViewModel.MapFrame[] shown = new ExplorerViewModel.MapFrame[2];
    private final ImageView hovered = new ImageView();
    private final Label hoveredLabel = new Label();
    private final HBox neighbourStrip = new HBox(4);
    private final HBox maps = new HBox(8);
    private final ExplorerLegend legend;
    private final VBox randomPanel;
    private final CheckBox threeD = new CheckBox("3-D PCA");
    private int frameUpdates;

    public ExplorerView(ExplorerViewModel model, Supplier<Path> latestRun) {
        this.model = model;
        this.legend = new ExplorerLegend(model, plots);
        setId("explorer-view");
        CheckBox compare = new CheckBox("beside random init");
        compare.setId("compare-check");
        compare.setSelected(true);
        Spinner<Integer> points = new Spinner<>(100, 20_000, model.limit(), 500);
        points.setId("points");
        points.setEditable(true);
        points.setPrefWidth(95);
        points.valueProperty().addListener((o, a, b) -> model.setLimit(b));
        Spinner<Double> perplexity = new Spinner<>(2.0, 100.0, 30.0, 5.0);
        perplexity.setId("perplexity");
        perplexity.setEditable(true);
        perplexity.setPrefWidth(80);
        perplexity.valueProperty().addListener((o, a, b) -> model.setPerplexity(b));
        Button stop = new Button("Stop");
        stop.setOnAction(e -> model.cancel());
        Button fit = new Button("Fit");
        fit.setOnAction(e -> {
            plots[0].fit();
            plots[1].fit();
        });
        threeD.setId("pca3d-check");
        threeD.setTooltip(new Tooltip("the first three principal components; drag to turn them"));
        threeD.selectedProperty().addListener((o, a, on) -> {
            shown[0] = null; // the next sample puts the newest flat map (or the 3-D one) back
            shown[1] = null;
            sample();
        });
        // wraps onto a second row in a narrow window instead of pushing the maps out of it
        top = new FlowPane(8, 4);
        top.getChildren().addAll(sources(latestRun));
        top.getChildren().addAll(compare, new Label("points"), points, new Label("perplexity"), perplexity, new Label("colour by"),
                legend.chooser(), threeD, stop, fit);
        top.getChildren().addAll(exports());
        top.setAlignment(Pos.CENTER_LEFT);
        top.setMinWidth(0);
        top.setPadding(new Insets(8));
        setTop(top);
        VBox trainedPanel = panel(ExplorerViewModel.TRAINED);
        randomPanel = panel(ExplorerViewModel.RANDOM);
        maps.getChildren().addAll(trainedPanel, randomPanel);
        maps.setPadding(new Insets(0, 8, 0, 8));
        compare.selectedProperty().addListener((o, a, on) -> {
            model.setCompare(on);
            randomPanel.setVisible(on);
            randomPanel.setManaged(on);
        });
        setCenter(maps);
        setRight(side());
        setBottom(bottom());
        model.embeddingsProperty().addListener((o, was, now) -> buildLegend(now));
        model.neighboursProperty().addListener((o, was, now) -> showNeighbours(now));
        Timeline sampler = new Timeline(new KeyFrame(CADENCE, e -> sample()));
        sampler.setCycleCount(Timeline.INDEFINITE);
        sampler.play();
    }

    /** Where the embeddings come from: a run, a weights file, the latest run, two runs side by side. */
    private List<Node> sources(Supplier<Path> latestRun) {
        Button openRun = new Button("Open run…");
        openRun.setId("explorer-open-run");
        openRun.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getScene().getWindow());
            if (dir != null) {
                model.open(dir.toPath());
            }
        });
        Button openWeights = new Button("Open weights…");
        openWeights.setId("explorer-open-weights");
        openWeights.setOnAction(e -> {
            Path f = WeightsChooser.choose(getScene().getWindow(), "Open weights to map with");
            if (f != null) {
                model.open(f);
            }
        });
        Button latest = new Button("Latest run");
        latest.setId("explorer-latest-run");
        latest.setOnAction(e -> {
            Path run = latestRun.get();
            if (run == null) {
                model.statusProperty().set("no run yet: train one on the Train tab, or open one");
            } else {
                model.open(run);
            }
        });
        Button beside = new Button("Beside another run…");
        beside.setOnAction(e -> {
            File main = new DirectoryChooser().showDialog(getScene().getWindow());
            File other = main == null ? null : new DirectoryChooser().showDialog(getScene().getWindow());
            if (main != null && other != null) {
                model.open(main.toPath(), other.toPath());
            }
        });
        return List.of(openRun, openWeights, latest, beside);
    }

    /** The figure as PNG or SVG, the coordinates as CSV, the embeddings for TensorBoard's projector. */
    private List<Node> exports() {
        Button png = new Button("Export PNG…");
        png.setOnAction(e -> ExplorerExport.save(this, "explorer.png", this::exportPng, model.statusProperty()));
        Button svg = new Button("Export SVG…");
        svg.setOnAction(e -> ExplorerExport.save(this, "map.svg", this::exportSvg, model.statusProperty()));
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> ExplorerExport.save(this, "map.csv", this::exportCsv, model.statusProperty()));
        Button projector = new Button("Export for TensorBoard…");
        projector.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getScene().getWindow());
            if (dir != null) {
                exportProjector(dir.toPath());
            }
        });
        return List.of(png, svg, csv, projector);
    }

    /** The legend and the image under the mouse. */
    private VBox side() {
        hovered.setFitWidth(128);
        hovered.setFitHeight(128);
        hovered.setSmooth(false);
        VBox side = new VBox(6, new Label("classes (click to hide)"), legend.classes(), new Label("under the mouse"), hovered,
                hoveredLabel);
        side.setPadding(new Insets(8));
        side.setPrefWidth(170);
        return side;
    }

    /** The nearest neighbours of the clicked image, and the status line. */
    private VBox bottom() {
        Label status = new Label();
        status.setId("explorer-status");
        status.textProperty().bind(model.statusProperty());
        neighbourStrip.setId("neighbour-strip");
        neighbourStrip.setMinHeight(72);
        ScrollPane stripScroll = new ScrollPane(neighbourStrip);
        stripScroll.setFitToHeight(true);
        stripScroll.setMinHeight(86);
        stripScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        stripScroll.setMinWidth(0);
        stripScroll.setPrefViewportWidth(400);
        VBox bottom = new VBox(4, new Label("nearest neighbours of the clicked image in the embedding space;"
                + " shift-drag a lasso to see the images inside it"), stripScroll, status);
        bottom.setMinWidth(0);
        bottom.setPadding(new Insets(4, 8, 6, 8));
        return bottom;
    }

    /** Map updates put on screen so far (for tests). */
    public int frameUpdates() {
        return frameUpdates;
    }

    public ScatterPlot plot(int panel) {
        return plots[panel];
    }

    private VBox panel(int index) {
        ScatterPlot plot = plots[index];
        plot.setId(index == 0 ? "trained-map" : "random-map");
        VBox.setVgrow(plot, Priority.ALWAYS);
        Label quality = new Label();
        quality.textProperty().bind(model.qualityProperty(index));
        quality.setWrapText(true);
        quality.setMinHeight(34);
        quality.setMaxWidth(Double.MAX_VALUE);
        Label title = new Label();
        title.textProperty().bind(model.titleProperty(index));
        VBox box = new VBox(4, title, plot, quality);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setPrefWidth(400);
        plot.setOnHover(this::hover);
        plot.setOnLasso(this::select);
        plot.setOnClick(i -> {
            if (i >= 0) {
                model.showNeighbours(i, 10);
            }
            for (ScatterPlot p : plots) {
                p.highlight(null, i);
            }
        });
        return box;
    }

    /** FX thread, on the cadence: puts each panel's newest layout on screen if it changed. */
    private void sample() {
        Embeddings e = model.embeddingsProperty().get();
        if (e == null) {
            return;
        }
        for (int p = 0; p < 2; p++) {
            if (threeD.isSelected()) {
                double[] xyz = model.pca3d(p);
                if (xyz != null && shown[p] == null && xyz.length == 3 * e.n()) {
                    plots[p].setPoints3d(xyz, e.labels());
                    shown[p] = model.frame(p);
                    frameUpdates++;
                }
                continue;
            }
            ExplorerViewModel.MapFrame f = model.frame(p);
            if (f != null && f != shown[p]) {
                boolean newStage = shown[p] == null || !shown[p].stage().equals(f.stage());
                shown[p] = f;
                plots[p].setPoints(f.layout(), e.labels());
                if (newStage || f.iteration() % 50 == 0) {
                    plots[p].fit(); // the map spreads out while t-SNE runs
                }
                frameUpdates++;
            }
        }
    }

    /** Shows the first three principal components, turnable, instead of the flat map (FX thread). */
    public void showThreeD(boolean on) {
        threeD.setSelected(on);
    }

    /** Colours both maps by class, by k-means clusters of the trained embeddings (k = classes), or one class against the rest. */
    public void colourBy(String choice) {
        legend.colourBy(choice);
    }

    private void buildLegend(Embeddings e) {
        legend.build(e);
        shown[0] = null;
        shown[1] = null;
    }

    private void hover(int i) {
        ImageStore images = model.images();
        Embeddings e = model.embeddingsProperty().get();
        if (i < 0 || images == null || e == null || i >= images.size()) {
            return;
        }
        hovered.setImage(ArgbImages.toImage(images.argb(i), images.width(), images.height()));
        String name = e.className(i);
        hoveredLabel.setText("#" + i + (name.isEmpty() ? "" : " · " + name));
    }

    /** The points inside a lasso: marked in both maps, their images in the strip (the first 40). */
    public void select(boolean[] inside) {
        int[] chosen = IntStream.range(0, inside.length).filter(i -> inside[i]).toArray();
        showImages(Arrays.copyOf(chosen, Math.min(chosen.length, 40)), inside);
        model.statusProperty().set(chosen.length + " images in the lasso" + (chosen.length > 40 ? " (the first 40 shown)" : ""));
    }

    /** The images in the strip now (for tests). */
    public int stripSize() {
        return neighbourStrip.getChildren().size();
    }

    private void showNeighbours(int[] near) {
        Embeddings e = model.embeddingsProperty().get();
        boolean[] mark = e == null ? null : new boolean[e.n()];
        if (mark != null) {
            for (int j : near) {
                mark[j] = true;
            }
        }
        showImages(near, mark);
    }

    private void showImages(int[] near, boolean[] mark) {
        neighbourStrip.getChildren().clear();
        ImageStore images = model.images();
        for (int j : near) {
            ImageView v = new ImageView(ArgbImages.toImage(images.argb(j), images.width(), images.height()));
            v.setFitWidth(64);
            v.setFitHeight(64);
            neighbourStrip.getChildren().add(v);
        }
        for (ScatterPlot p : plots) {
            p.highlight(near.length == 0 ? null : mark); // the clicked point keeps its red ring
        }
    }

    /** The maps as they are on screen, as a PNG. FX thread. */
    public void exportPng(Path file) throws IOException {
        ExplorerExport.png(maps, file);
    }

    /** The trained embeddings in TensorBoard's projector format, with the images as a sprite. FX thread. */
    public void exportProjector(Path dir) {
        Embeddings e = model.embeddingsProperty().get();
        if (e == null) {
            model.statusProperty().set("no embeddings yet: open a run first");
            return;
        }
        try {
            ProjectorExport.write(e, model.images(), dir);
            model.statusProperty().set("TensorBoard projector files written to " + dir);
        } catch (RuntimeException ex) {
            model.statusProperty().set(ex.getMessage());
        }
    }

    /** The maps as they are drawn now, side by side, as SVG (vector: scales for slides and papers). */
    public void exportSvg(Path file) {
        ExplorerExport.svg(IntStream.range(0, 2).filter(p -> shown[p] != null && plots[p].isVisible())
                .mapToObj(p -> plots[p]).toList(), file);
    }

    /** Every point's map coordinates (both maps when comparing) with its image index and class, as CSV. */
    public void exportCsv(Path file) {
        Embeddings e = model.embeddingsProperty().get();
        if (e == null || shown[0] == null) {
            throw new IllegalStateException("no map yet");
        }
        MapCsv.write(file, e, shown[0].layout(), shown[1] == null ? null : shown[1].layout(), "random");
    }

    /** Puts a control after the "Latest run" button (the app's examples menu). */
    public void addOpenControl(Node control) {
        top.getChildren().add(2, control);
    }
}
