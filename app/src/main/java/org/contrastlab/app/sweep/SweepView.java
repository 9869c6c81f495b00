package org.contrastlab.app.sweep;

import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.contrastlab.core.augment.RecipeKnob;
import org.contrastlab.core.sweep.Sweep;
import org.contrastlab.core.sweep.SweepPoint;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.visual.LiveLineChart;

/**
 * The Sweep tab: choose a view setting and its values, run the Train tab's method once per value,
 * and read two charts as the runs finish: kNN top-1 against the setting, and against the
 * information the views share (InfoMin's reverse U: too little and too much both teach less),
 * each with the random-init level as a dashed line; a line per run below, or a sweep.csv opened.
 */
public final class SweepView extends BorderPane {
    private final SweepViewModel model;
    private final ComboBox<String> setting = new ComboBox<>();
    private final TextField values = new TextField();
    private final Spinner<Integer> steps = new Spinner<>(1, 100_000, 300, 50);
    private final Spinner<Integer> batch = new Spinner<>(2, 4096, 64, 16);
    private final Button run = new Button("Run sweep");
    private final Button stop = new Button("Stop");
    private final Button open = new Button("Open sweep.csv…");
    private final Label status = new Label();
    private final LiveLineChart bySetting = new LiveLineChart(null, "scaleMin", "kNN top-1");
    private final LiveLineChart byInformation = new LiveLineChart(null, "shared information I_NCE (nats)", "kNN top-1");
    private final ListView<String> lines = new ListView<>();

    /** @param base the Train tab's configuration (its method, backbone and views), read when a sweep starts */
    public SweepView(SweepViewModel model, Supplier<TrainConfig> base) {
        this.model = model;
        setting.getItems().setAll(RecipeKnob.names());
        setting.setValue("scaleMin");
        setting.setId("sweep-setting");
        values.setText(SweepViewModel.suggestedValues("scaleMin"));
        values.setId("sweep-values");
        values.setPrefColumnCount(24);
        setting.valueProperty().addListener((o, was, now) -> values.setText(SweepViewModel.suggestedValues(now)));
        steps.setId("sweep-steps");
        steps.setEditable(true);
        steps.setPrefWidth(90);
        batch.setId("sweep-batch");
        batch.setEditable(true);
        batch.setPrefWidth(80);
        run.setId("sweep-run");
        stop.setId("sweep-stop");
        status.setId("sweep-status");
        status.textProperty().bind(model.statusProperty());
        run.disableProperty().bind(model.runningProperty());
        stop.disableProperty().bind(model.runningProperty().not());
        run.setOnAction(e -> model.start(base.get(), setting.getValue(), values.getText(), steps.getValue(), batch.getValue()));
        stop.setOnAction(e -> model.stop());
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a sweep");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Sweeps (sweep.csv)", "*.csv"));
            File f = chooser.showOpenDialog(getScene().getWindow());
            if (f != null) {
                model.open(f.toPath());
            }
        });
        bySetting.decimalX();
        bySetting.showPoints();
        byInformation.decimalX();
        byInformation.showPoints();
        model.points().addListener((ListChangeListener<SweepPoint>) c -> redraw());
        model.paramProperty().addListener((o, was, now) -> redraw());
        lines.setId("sweep-lines");
        lines.setPrefHeight(150);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("view setting"), setting, new Label("values"), values);
        form.addRow(1, new Label("steps per run"), steps, new Label("batch"), new HBox(8, batch, run, stop, open));
        Label what = new Label("Trains the Train tab's method, backbone and views once per value (InfoMin, Tian et al. 2020): "
                + "views that share too little or too much both teach less.");
        what.setWrapText(true);
        HBox charts = new HBox(8, bySetting, byInformation);
        HBox.setHgrow(bySetting, Priority.ALWAYS);
        HBox.setHgrow(byInformation, Priority.ALWAYS);
        bySetting.setPrefSize(560, 380);
        byInformation.setPrefSize(560, 380);
        VBox top = new VBox(6, form, what);
        top.setPadding(new Insets(8));
        setTop(top);
        setCenter(charts);
        VBox bottom = new VBox(4, lines, status);
        bottom.setPadding(new Insets(4, 8, 4, 8));
        bottom.setAlignment(Pos.CENTER_LEFT);
        setBottom(bottom);
    }

    private void redraw() {
        List<SweepPoint> all = List.copyOf(model.points());
        String name = model.paramProperty().get();
        bySetting.clear();
        byInformation.clear();
        List<SweepPoint> byValue = all.stream().sorted(Comparator.comparingDouble(SweepPoint::value)).toList();
        bySetting.append(byValue.stream().mapToDouble(SweepPoint::value).toArray(),
                byValue.stream().mapToDouble(SweepPoint::knnTop1).toArray());
        List<SweepPoint> byInfo = all.stream().sorted(Comparator.comparingDouble(SweepPoint::infoNce)).toList();
        byInformation.append(byInfo.stream().mapToDouble(SweepPoint::infoNce).toArray(),
                byInfo.stream().mapToDouble(SweepPoint::knnTop1).toArray());
        if (!all.isEmpty()) {
            double random = all.get(0).randomInit();
            String label = String.format(Locale.ROOT, "random init %.3f", random);
            // the random-init line lies below every point of a sweep that learns: the y range takes it in
            double lo = Math.min(random, all.stream().mapToDouble(SweepPoint::knnTop1).min().orElse(random));
            double hi = Math.max(random, all.stream().mapToDouble(SweepPoint::knnTop1).max().orElse(random));
            for (LiveLineChart chart : List.of(bySetting, byInformation)) {
                chart.setReference(random, label);
                chart.setYRange(lo, hi);
            }
            if (!model.runningProperty().get()) {
                // an opened sweep.csv: the form says what it swept
                setting.setValue(name);
                values.setText(String.join(",", byValue.stream().map(p -> Sweep.label(p.value())).toList()));
                steps.getValueFactory().setValue(all.get(0).steps());
            }
        } else {
            bySetting.setYRange(Double.NaN, Double.NaN);
            byInformation.setYRange(Double.NaN, Double.NaN);
        }
        bySetting.setXLabel(name);
        lines.getItems().setAll(all.stream().map(Sweep::line).toList());
    }

    /** kNN against the setting's values, for tests. */
    public LiveLineChart bySetting() {
        return bySetting;
    }

    /** kNN against the views' shared information, for tests. */
    public LiveLineChart byInformation() {
        return byInformation;
    }
}
