package org.contrastlab.app.common;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The window's status bar: which libtorch and device are in use and why (filled in once the
 * engine is loaded), where training runs (auto, the CPU or one of the GPUs DJL sees) and in
 * which precision (fp32, or fp16: float16 networks over float32 weights, for a GPU).
 */
public final class StatusBar extends HBox {
    private final Label runtime = new Label("libtorch: loading …");
    private final ComboBox<String> chooser = new ComboBox<>();
    /** What the chooser says; read by the training thread. */
    private volatile String trainOn = "auto";
    private final ComboBox<String> precisionChooser = new ComboBox<>();
    private volatile String precision = "fp32";

    public StatusBar() {
        super(8);
        runtime.setId("runtime-label");
        chooser.setId("device-chooser");
        chooser.getItems().setAll("auto", "cpu");
        chooser.setValue(trainOn);
        chooser.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                trainOn = now;
            }
        });
        precisionChooser.setId("precision-chooser");
        precisionChooser.getItems().setAll("fp32", "fp16");
        precisionChooser.setValue(precision);
        precisionChooser.setTooltip(new Tooltip(
                "fp16: the networks compute in float16, weights and loss stay float32 (fast on a GPU, slow on most CPUs)"));
        precisionChooser.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                precision = now;
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label trainOnLabel = new Label("train on");
        Label precisionLabel = new Label("precision");
        // the choosers keep their width; a long libtorch line is what gets cut short
        for (Control c : List.of(trainOnLabel, chooser, precisionLabel, precisionChooser)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        runtime.setMinWidth(0);
        getChildren().addAll(runtime, spacer, trainOnLabel, chooser, precisionLabel, precisionChooser);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(3, 8, 3, 8));
        getStyleClass().add("status-bar"); // contrastlab.css: smaller type, a line above
    }

    /** The libtorch line and the devices to choose from (FX thread); a choice no longer offered falls back to auto. */
    public void showRuntime(String line, List<String> choices) {
        runtime.setText(line);
        String chosen = chooser.getValue();
        chooser.getItems().setAll(choices);
        chooser.setValue(choices.contains(chosen) ? chosen : "auto");
    }

    /** Chooses the device training runs on ("auto", "cpu", "gpu:N"). FX thread. */
    public void setTrainOn(String choice) {
        chooser.setValue(choice);
    }

    /** The device chosen for training; any thread. */
    public String trainOn() {
        return trainOn;
    }

    /** Chooses the precision new runs train in ("fp32" or "fp16"). FX thread. */
    public void setPrecision(String choice) {
        precisionChooser.setValue(choice);
    }

    /** The precision new runs train in ("fp32" or "fp16"); any thread. */
    public String precision() {
        return precision;
    }

    public String runtimeLine() {
        return runtime.getText();
    }
}
