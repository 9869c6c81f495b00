package org.contrastlab.app.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.contrastlab.app.common.WeightsChooser;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.visual.LiveLineChart;

/**
 * The training dashboard: the method (with its small preset), Train, Pause, Resume, Stop and
 * Checkpoint, progress, the live loss chart, the method's own curves (one at a time, chosen
 * beside the chart, with every curve's latest value under it) and the kNN accuracy, as text and
 * as a chart beside the loss with the random initialisation's level as a dashed line. A
 * {@link Timeline} samples the view model every {@value #CADENCE_MS} ms while the view is in a
 * showing window, and stops when it is not.
 */
public final class TrainView extends BorderPane {
    private Map<String, List<double[]>> previousCurves = Map.of();
    private String previousLabel = "";
    private String startedLabel = "";
    private String preferredCurve;
    static final int CADENCE_MS = 200;

    private final TrainViewModel model;
    private final LiveLineChart chart = new LiveLineChart(null, "step", "loss");
    private final LiveLineChart curveChart = new LiveLineChart(null, "step", "value");
    private final LiveLineChart knnChart = new LiveLineChart(null, "step", "kNN top-1");
    /** A ViT's attention against the object masks at each evaluation; shown once a run scores it. */
    private final LiveLineChart attentionChart = new LiveLineChart(null, "step", "attention Jaccard");
    private final ComboBox<String> curveChoice = new ComboBox<>();
    private final Timeline sampler;
    private final ObservableValue<Boolean> showing;

    public TrainView(TrainViewModel model, Region preview, Label deviceLabel) {
        this.model = model;
        setTop(toolbar());
        setCenter(centre());
        // the views scroll rather than push the footer off a small or scaled window (a projector's 1280 × 720 at 150 %)
        ScrollPane previewScroll = new ScrollPane(preview);
        previewScroll.setFitToWidth(true);
        previewScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        previewScroll.setMinHeight(0);
        setLeft(previewScroll);
        setBottom(footer(deviceLabel));

        sampler = new Timeline(new KeyFrame(Duration.millis(CADENCE_MS), e -> sample()));
        sampler.setCycleCount(Timeline.INDEFINITE);
        // runs while the view is in a showing window, wherever it is placed (a tab gets its
        // scene only once the tab pane is laid out, after the window is already showing)
        showing = sceneProperty().flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty).orElse(false);
        showing.addListener((o, was, now) -> run(now));
        run(showing.getValue());
    }

    /** The run's controls: method, backbone, weights to start from, train, pause, resume, stop, checkpoint, progress. */
    private ToolBar toolbar() {
        Button train = new Button("Train");
        train.setId("train-button");
        train.setDefaultButton(true);
        train.disableProperty().bind(model.canStartProperty().not());
        train.setOnAction(e -> startRun());
        BooleanBinding notRunning = model.stateProperty().isNotEqualTo(TrainViewModel.State.RUNNING);
        Button pause = new Button("Pause");
        pause.setId("pause-button");
        pause.disableProperty().bind(notRunning);
        pause.setOnAction(e -> model.pause());
        Button stepOnce = new Button("Step");
        stepOnce.setId("step-button");
        stepOnce.setTooltip(new Tooltip("hold the run between two steps and show the next one (Inside a step); again: one more step"));
        stepOnce.disableProperty().bind(notRunning);
        stepOnce.setOnAction(e -> model.stepOnce());
        Button resume = new Button("Resume");
        resume.setId("resume-button");
        resume.disableProperty().bind(model.canResumeProperty().not());
        resume.setOnAction(e -> model.resume());
        Button stop = new Button("Stop");
        stop.setId("stop-button");
        stop.disableProperty().bind(notRunning);
        stop.setOnAction(e -> model.stop());
        Button checkpoint = new Button("Checkpoint");
        checkpoint.setId("checkpoint-button");
        checkpoint.getStyleClass().add("developer"); // hidden in presentation mode
        checkpoint.disableProperty().bind(notRunning);
        checkpoint.setOnAction(e -> model.checkpointNow());
        ComboBox<String> methods = new ComboBox<>(
                FXCollections.observableArrayList(TrainViewModel.methods()));
        methods.setId("method-choice");
        methods.setTooltip(new Tooltip("the method, with its small preset (contrastlab methods lists them)"));
        methods.valueProperty().bindBidirectional(choice(model.methodProperty(), model::selectMethod));
        methods.disableProperty().bind(model.canStartProperty().not());
        ComboBox<String> backbones = new ComboBox<>(FXCollections.observableArrayList(TrainViewModel.backbones()));
        backbones.setId("backbone-choice");
        backbones.setTooltip(new Tooltip("the backbone (contrastlab methods describes each); a ViT shows its attention as it trains"));
        backbones.valueProperty().bindBidirectional(choice(model.backboneProperty(), model::selectBackbone));
        backbones.disableProperty().bind(model.canStartProperty().not());
        backbones.setPrefWidth(150);
        backbones.getStyleClass().add("developer"); // hidden in presentation mode, whose larger type has no room for it
        Button startFrom = new Button("Start from weights…");
        startFrom.setId("start-from-button");
        startFrom.getStyleClass().add("developer");
        startFrom.setTooltip(new Tooltip("start the backbone from a weights file (a published ViT or "
                + "ResNet in safetensors or PyTorch) instead of random weights"));
        startFrom.disableProperty().bind(model.canStartProperty().not());
        startFrom.setOnAction(e -> {
            Path f = WeightsChooser.choose(getScene().getWindow(), "Start the backbone from");
            if (f != null) {
                model.startFrom(f); // the button is enabled only when a run can start, so it is taken
            }
        });
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setPrefWidth(110);
        Label status = new Label();
        status.setId("status-label");
        status.textProperty().bind(model.statusProperty());
        // a fixed width, the whole line in a tooltip: the status changes every step, and a tool bar
        // that grew with it pushed Checkpoint into its overflow menu mid-run at 1280 px (CI, TrainWindowTest)
        status.setPrefWidth(290);
        status.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.statusProperty());
        status.setTooltip(whole);
        return new ToolBar(methods, backbones, startFrom, train, pause, stepOnce, resume, stop, checkpoint, progress, status);
    }

    /** The loss beside kNN and attention, and the method's own curve below. */
    private VBox centre() {
        chart.setId("loss-chart");
        chart.setPrefSize(560, 300);
        curveChart.setId("curve-chart");
        curveChart.setPrefSize(560, 220);
        curveChoice.setId("curve-choice");
        curveChoice.setItems(model.monitorNames());
        curveChoice.setPromptText("method curve");
        // the first curve is shown unless one of this run's was chosen; chosen once the list change is
        // over, as the chooser would move a selection made during it along with later insertions
        model.monitorNames().addListener((ListChangeListener<String>) c -> Platform.runLater(() -> {
            List<String> names = model.monitorNames();
            if (preferredCurve != null && names.contains(preferredCurve) && !preferredCurve.equals(curveChoice.getValue())) {
                curveChoice.setValue(preferredCurve);
            } else if (!names.isEmpty() && !names.contains(curveChoice.getValue())) {
                curveChoice.setValue(names.get(0));
            }
        }));
        curveChoice.valueProperty().addListener((o, was, now) -> redrawCurve(now));
        Label curveValues = new Label();
        curveValues.setId("curve-values");
        curveValues.textProperty().bind(model.monitorTextProperty());
        HBox curveBar = new HBox(8, new Label("method curve:"), curveChoice, curveValues);
        curveBar.setAlignment(Pos.CENTER_LEFT);
        curveBar.setPadding(new Insets(4, 8, 0, 8));
        // kNN beside the loss, with the random initialisation's level as a dashed line: a run that
        // learns climbs away from it
        knnChart.setId("knn-chart");
        knnChart.setPrefSize(300, 300);
        knnChart.showPoints();
        attentionChart.setId("attention-chart");
        attentionChart.setPrefSize(300, 200);
        attentionChart.showPoints();
        showAttention(false);
        VBox evaluations = new VBox(knnChart, attentionChart);
        VBox.setVgrow(knnChart, Priority.ALWAYS);
        VBox.setVgrow(attentionChart, Priority.ALWAYS);
        HBox charts = new HBox(chart, evaluations);
        HBox.setHgrow(chart, Priority.ALWAYS);
        HBox.setHgrow(evaluations, Priority.SOMETIMES);
        VBox centre = new VBox(charts, curveBar, curveChart);
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox.setVgrow(curveChart, Priority.SOMETIMES);
        return centre;
    }

    /** kNN's figure in words, and the device. */
    private HBox footer(Label deviceLabel) {
        Label knn = new Label();
        knn.setId("knn-label");
        knn.textProperty().bind(model.knnTextProperty());
        knn.setStyle("-fx-font-weight: bold;");
        Label notice = new Label();
        notice.setId("notice-label");
        notice.textProperty().bind(model.noticeProperty());
        notice.setStyle("-fx-text-fill: #8a5a00;");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(12, knn, notice, spacer, deviceLabel);
        footer.setPadding(new Insets(6, 10, 6, 10));
        footer.setStyle("-fx-background-color: #f0f0f0; -fx-border-color: #ddd transparent transparent transparent;");
        return footer;
    }

    private void run(boolean now) {
        if (now) {
            sampler.play();
        } else {
            sampler.stop();
        }
    }

    /** Starts a new run on charts cleared of the last one's (the Train button; a lesson's Run). FX thread. */
    public void startRun() {
        // the last run's method curves stay on the chart, grey, beside this run's: an intact run beside one with a switch removed
        Map<String, List<double[]>> last = new HashMap<>();
        for (String name : model.monitorNames()) {
            last.put(name, List.copyOf(model.monitorHistory(name)));
        }
        previousCurves = last;
        previousLabel = startedLabel;
        startedLabel = describe(model.config());
        chart.clear();
        curveChart.clear();
        knnChart.clear();
        attentionChart.clear();
        showAttention(false);
        model.start();
    }

    /**
     * Shows the method curve with this name ("collapse", "queue_fill" …) once the run reports it,
     * rather than the first; null: the first again. A lesson page chooses what the class watches.
     */
    public void preferCurve(String name) {
        preferredCurve = name;
        if (name != null && model.monitorNames().contains(name)) {
            curveChoice.setValue(name);
        }
    }

    /** Drains the view model into the chart; also called directly by tests. */
    public void sample() {
        List<double[]> points = model.tick();
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        chart.append(xs, ys);
        List<double[]> evaluations = model.newKnnPoints();
        append(knnChart, evaluations);
        for (double[] e : evaluations) {
            if (e[0] == 0) { // the untrained network: the level a learning run climbs away from
                knnChart.setReference(e[1], String.format(Locale.ROOT, "%s %.1f %%", model.startLabel(), 100 * e[1]));
            }
        }
        List<double[]> scores = model.newAttentionPoints();
        if (!scores.isEmpty()) {
            showAttention(true);
            append(attentionChart, scores);
            for (double[] e : scores) {
                if (e[0] == 0) {
                    attentionChart.setReference(e[1], String.format(Locale.ROOT, "%s %.2f", model.startLabel(), e[1]));
                }
            }
        }
        String curve = curveChoice.getValue();
        if (curve != null) {
            append(curveChart, model.newMonitorPoints(curve));
        }
    }

    private void showAttention(boolean on) {
        attentionChart.setVisible(on);
        attentionChart.setManaged(on);
    }

    /** The attention score chart (ViT runs on data with object masks), for tests. */
    public LiveLineChart attentionChart() {
        return attentionChart;
    }

    private void redrawCurve(String name) {
        curveChart.clear();
        List<double[]> before = name == null ? List.of() : previousCurves.getOrDefault(name, List.of());
        curveChart.setGhost(before.stream().mapToDouble(p -> p[0]).toArray(), before.stream().mapToDouble(p -> p[1]).toArray(),
                "last run: " + previousLabel, "this run: " + startedLabel);
        if (name != null) {
            append(curveChart, model.monitorHistory(name));
        }
    }

    /** A run in a few words: its method and the settings given to it ("byol predictor=0"). */
    static String describe(TrainConfig c) {
        if (c == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(c.method());
        c.methodParams().forEach((k, v) -> b.append(' ').append(k).append('=').append(MethodParams.format(v)));
        return b.toString();
    }

    private static void append(LiveLineChart target, List<double[]> points) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        target.append(xs, ys);
    }

    /** A choice (method, backbone) as a property: choosing one asks the view model, which may refuse (a message). */
    private static StringProperty choice(ReadOnlyStringProperty chosen, Function<String, String> select) {
        SimpleStringProperty p = new SimpleStringProperty(chosen.get());
        chosen.addListener((o, was, now) -> p.set(now));
        p.addListener((o, was, now) -> {
            if (now != null && !now.equals(chosen.get()) && select.apply(now) != null) {
                p.set(chosen.get());
            }
        });
        return p;
    }

    public LiveLineChart chart() {
        return chart;
    }

    /** kNN top-1 at each evaluation, with the random initialisation's as its reference line. */
    public LiveLineChart knnChart() {
        return knnChart;
    }

    public LiveLineChart curveChart() {
        return curveChart;
    }
}
