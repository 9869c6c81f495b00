package org.contrastlab.app.train;

import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.contrastlab.visual.LiveLineChart;

/**
 * The training dashboard: Train and Stop, progress, the live loss chart and the kNN accuracy.
 * A {@link Timeline} samples the view model every {@value #CADENCE_MS} ms while the view is in
 * a showing window, and stops when it is not.
 */
public final class TrainView extends BorderPane {
    static final int CADENCE_MS = 200;

    private final TrainViewModel model;
    private final LiveLineChart chart = new LiveLineChart(null, "step", "loss");
    private final Timeline sampler;
    private final javafx.beans.value.ObservableValue<Boolean> showing;

    public TrainView(TrainViewModel model, Region preview, Label deviceLabel) {
        this.model = model;
        Button train = new Button("Train");
        train.setId("train-button");
        train.setDefaultButton(true);
        train.disableProperty().bind(model.canStartProperty().not());
        train.setOnAction(e -> {
            chart.clear();
            model.start();
        });
        Button stop = new Button("Stop");
        stop.setId("stop-button");
        stop.disableProperty().bind(model.stateProperty().isNotEqualTo(TrainViewModel.State.RUNNING));
        stop.setOnAction(e -> model.stop());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setPrefWidth(160);
        Label status = new Label();
        status.setId("status-label");
        status.textProperty().bind(model.statusProperty());
        ToolBar bar = new ToolBar(train, stop, progress, status);
        setTop(bar);

        chart.setId("loss-chart");
        chart.setPrefSize(560, 420);
        setCenter(chart);
        setLeft(preview);

        Label knn = new Label();
        knn.setId("knn-label");
        knn.textProperty().bind(model.knnTextProperty());
        knn.setStyle("-fx-font-weight: bold;");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(12, knn, spacer, deviceLabel);
        footer.setPadding(new Insets(6, 10, 6, 10));
        footer.setStyle("-fx-background-color: #f0f0f0; -fx-border-color: #ddd transparent transparent transparent;");
        setBottom(footer);

        sampler = new Timeline(new KeyFrame(Duration.millis(CADENCE_MS), e -> sample()));
        sampler.setCycleCount(Timeline.INDEFINITE);
        // runs while the view is in a showing window, wherever it is placed (a tab gets its
        // scene only once the tab pane is laid out, after the window is already showing)
        showing = sceneProperty().flatMap(javafx.scene.Scene::windowProperty)
                .flatMap(javafx.stage.Window::showingProperty).orElse(false);
        showing.addListener((o, was, now) -> run(now));
        run(showing.getValue());
    }

    private void run(boolean now) {
        if (now) {
            sampler.play();
        } else {
            sampler.stop();
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
    }

    public LiveLineChart chart() {
        return chart;
    }
}
