package org.contrastlab.app.runs;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;
import org.contrastlab.app.common.SlideExport;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.train.RunSummary;

/**
 * Every run of the runs folder (method, data, backbone, steps, last kNN, date); the loss and kNN
 * curves of the selected runs overlaid; the selected run opened in the attention viewer or the
 * explorer, or its configuration taken back to the studio and the Train tab; a run deleted only
 * after a confirmation. What it shows and does is its {@link RunsViewModel}'s: the folder is read
 * and runs are deleted on a worker.
 */
public final class RunsView extends BorderPane {
    private int pendingLatest;
    /** What the other tabs do with a run. */
    public record Actions(Consumer<Path> attention, Consumer<Path> explorer, Consumer<Path> configuration,
                          BiConsumer<Path, Path> compare) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final RunsViewModel model;
    private final TableView<RunSummary> table = new TableView<>();
    private final LineChart<Number, Number> loss = chart("loss");
    private final LineChart<Number, Number> knn = chart("kNN top-1");
    private final LineChart<Number, Number> collapse = chart("collapse (std of unit outputs)");
    private final LineChart<Number, Number> fewLabels = labelChart();

    {
        knn.setCreateSymbols(true); // a few evaluations a run: each one a dot
    }
    private final Label status = new Label();

    public RunsView(Path folder, Executor worker, Actions actions) {
        this(new RunsViewModel(folder, worker, UiExecutor.FX), actions);
    }

    public RunsView(RunsViewModel model, Actions actions) {
        this.model = model;
        setId("runs-view");
        table.setItems(model.runs());
        status.textProperty().bind(model.statusProperty());
        table.setId("runs-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().add(column("run", r -> (model.isExample(r) ? "example: " : "") + r.root().getFileName()));
        table.getColumns().add(column("method", RunSummary::method));
        table.getColumns().add(column("data", RunSummary::data));
        table.getColumns().add(column("backbone", RunSummary::backbone));
        table.getColumns().add(column("steps", r -> r.stepsDone() + " / " + r.steps()));
        table.getColumns().add(column("kNN top-1", r -> r.knn() == null ? "" : String.format(Locale.ROOT, "%.4f", r.knn())));
        table.getColumns().add(column("date", r -> DATE.format(r.modified())));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunSummary>) c -> plot());
        model.runs().addListener((ListChangeListener<RunSummary>) c -> selectPendingLatest());
        table.setOnMousePressed(e -> pendingLatest = 0); // the user's own choice from now on
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        Button attention = action("Attention viewer", actions.attention());
        Button explorer = action("Embeddings", actions.explorer());
        Button configuration = action("Use its configuration", actions.configuration());
        Button compare = new Button("Compare maps of two");
        compare.setOnAction(e -> {
            List<RunSummary> two = List.copyOf(table.getSelectionModel().getSelectedItems());
            if (two.size() != 2) {
                model.say("select two runs (ctrl-click) to see their maps side by side");
            } else {
                actions.compare().accept(two.get(0).root(), two.get(1).root());
            }
        });
        Button delete = new Button("Delete…");
        delete.setId("delete-run");
        delete.setOnAction(e -> deleteSelected(() -> {
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Delete " + selected().root() + " and everything in it?",
                    ButtonType.CANCEL, ButtonType.OK);
            return confirm.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
        }));
        HBox top = new HBox(8, refresh, new Label("selected run:"), attention, explorer, configuration, compare, delete);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        setTop(top);
        HBox charts = new HBox(8, loss, knn, collapse, fewLabels);
        charts.setId("runs-charts");
        SlideExport.offer(loss, "runs-loss", model::say);
        SlideExport.offer(knn, "runs-knn", model::say);
        SlideExport.offer(collapse, "runs-collapse", model::say);
        SlideExport.offer(fewLabels, "runs-few-labels", model::say);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(knn, Priority.ALWAYS);
        HBox.setHgrow(collapse, Priority.ALWAYS);
        HBox.setHgrow(fewLabels, Priority.ALWAYS);
        SplitPane split = new SplitPane(table, charts);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        setCenter(split);
        status.setPadding(new Insets(4, 8, 4, 8));
        setBottom(status);
    }

    /** Reads the folder again (on the worker). */
    public void refresh() {
        model.refresh();
    }

    /** Lists these run folders below the runs: the shipped examples ({@link RunsViewModel#setExamples}). */
    /**
     * Reads the folder again and selects its {@code n} newest runs, so that their curves are drawn
     * together (a lesson's intact and ablated runs side by side). FX thread.
     */
    public void showLatest(int n) {
        pendingLatest = n;
        refresh();
    }

    /**
     * Selects the newest runs asked for by {@link #showLatest}: after every reading of the folder
     * (a second one, when the tab is shown, replaces the rows and clears the selection), until the
     * user picks runs in the table.
     */
    private void selectPendingLatest() {
        if (pendingLatest <= 0) {
            return;
        }
        List<RunSummary> newest = model.runs().stream().filter(r -> !model.isExample(r))
                .sorted(Comparator.comparing(RunSummary::modified).reversed()).limit(pendingLatest).toList();
        table.getSelectionModel().clearSelection();
        newest.forEach(r -> table.getSelectionModel().select(r));
    }

    public void setExamples(Supplier<List<Path>> examples) {
        model.setExamples(examples);
    }

    public void setFolder(Path folder) {
        model.setFolder(folder);
    }

    public RunsViewModel model() {
        return model;
    }

    public TableView<RunSummary> table() {
        return table;
    }

    public LineChart<Number, Number> lossChart() {
        return loss;
    }

    /**
     * The collapse monitor of the selected runs over their steps: an intact method beside the same
     * method with a switch removed ({@code --param stop_gradient=0}, {@code predictor=0}, …).
     */
    public LineChart<Number, Number> collapseChart() {
        return collapse;
    }

    /** Top-1 against the labelled images, a line per few-labels path of the selected runs. */
    public LineChart<Number, Number> fewLabelsChart() {
        return fewLabels;
    }

    /** Deletes the selected run when {@code confirmed} says yes (on the worker); FX thread. */
    public void deleteSelected(BooleanSupplier confirmed) {
        model.delete(selected(), confirmed);
    }

    private RunSummary selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    private Button action(String text, Consumer<Path> what) {
        Button b = new Button(text);
        b.setOnAction(e -> {
            RunSummary r = selected();
            if (r == null) {
                model.say("select a run first");
            } else {
                what.accept(r.root());
            }
        });
        return b;
    }

    private void plot() {
        loss.getData().clear();
        knn.getData().clear();
        collapse.getData().clear();
        fewLabels.getData().clear();
        List<RunSummary> selected = table.getSelectionModel().getSelectedItems().stream().filter(r -> r != null).toList();
        for (RunSummary r : selected) {
            loss.getData().add(series(r.root().getFileName().toString(), r.loss()));
            knn.getData().add(series(r.root().getFileName().toString(), r.knnCurve()));
            if (!r.collapse().isEmpty()) {
                collapse.getData().add(series(r.root().getFileName().toString(), r.collapse()));
            }
            FewLabelResults.curves(model.fewLabels(r)).forEach((name, points) -> {
                // labelled images on a log scale: 1 %, 10 % and 100 % of the labels an equal step apart
                List<double[]> logged = points.stream().map(p -> new double[] {Math.log10(p[0]), p[1]}).toList();
                fewLabels.getData().add(series((selected.size() > 1 ? r.root().getFileName() + ": " : "") + name, logged));
            });
        }
        decades((NumberAxis) fewLabels.getXAxis(), fewLabels.getData().stream().flatMap(se -> se.getData().stream())
                .mapToDouble(d -> d.getXValue().doubleValue()).toArray());
    }

    private static XYChart.Series<Number, Number> series(String name, List<double[]> points) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (double[] p : points) {
            s.getData().add(new XYChart.Data<>(p[0], p[1]));
        }
        return s;
    }

    private static LineChart<Number, Number> chart(String title) {
        NumberAxis x = new NumberAxis();
        x.setLabel("step");
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        return c;
    }

    /** The log axis spans whole decades around the points, a tick a decade (100, 1,000, 10,000). */
    private static void decades(NumberAxis x, double[] logs) {
        if (logs.length == 0) {
            x.setAutoRanging(true);
            return;
        }
        double lo = Math.floor(Arrays.stream(logs).min().getAsDouble() - 0.05);
        double hi = Math.ceil(Arrays.stream(logs).max().getAsDouble() + 0.05);
        x.setAutoRanging(false);
        x.setLowerBound(lo);
        x.setUpperBound(hi);
        x.setTickUnit(1);
    }

    /** The label-efficiency chart: x is log10 of the labelled images, its ticks say the number. */
    private static LineChart<Number, Number> labelChart() {
        LineChart<Number, Number> c = chart("few labels: top-1");
        NumberAxis x = (NumberAxis) c.getXAxis();
        x.setLabel("labelled images");
        x.setForceZeroInRange(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number v) {
                return String.format(Locale.ROOT, "%,d", Math.round(Math.pow(10, v.doubleValue())));
            }

            @Override
            public Number fromString(String s) {
                return Math.log10(Double.parseDouble(s.replace(",", "")));
            }
        });
        c.setCreateSymbols(true);
        return c;
    }

    private static TableColumn<RunSummary, String> column(String title, Function<RunSummary, String> value) {
        TableColumn<RunSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(title.equals("run") ? 220 : 120);
        return c;
    }
}
