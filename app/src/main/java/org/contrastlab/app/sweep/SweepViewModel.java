package org.contrastlab.app.sweep;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.augment.RecipeKnob;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.sweep.Sweep;
import org.contrastlab.core.sweep.SweepCsv;
import org.contrastlab.core.sweep.SweepPoint;
import org.contrastlab.core.train.RunSummary;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainingEvent;

/**
 * The Sweep tab's state and work, without a window: a sweep of the Train tab's method and views
 * over one view setting runs on {@code worker} (the training thread: it never trains beside a
 * dashboard run), its runs in a folder under {@code runs}; each finished run becomes a point,
 * progress a status line, both through {@code fx}. A sweep.csv (the CLI's) opens the same way.
 */
public final class SweepViewModel {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int STATUS_EVERY = 10;
    private final Executor worker;
    private final UiExecutor fx;
    private final Path runs;
    private final Supplier<String> device;
    private final ObservableList<SweepPoint> points = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "InfoMin's experiment: train the Train tab's method once per value of a view setting, and see which views teach most");
    private final ReadOnlyStringWrapper param = new ReadOnlyStringWrapper("scaleMin");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private volatile boolean stop;
    private DatasetSplits data;

    /**
     * @param device the device choice ("auto", "cpu", "gpu:0" …), read when a sweep starts
     */
    public SweepViewModel(Executor worker, UiExecutor fx, Path runs, Supplier<String> device) {
        this.worker = worker;
        this.fx = fx;
        this.runs = runs;
        this.device = device;
    }

    /** The finished runs of the sweep shown, in the order they ran. */
    public ObservableList<SweepPoint> points() {
        return points;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The setting the points vary. */
    public ReadOnlyStringProperty paramProperty() {
        return param.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The data the sweeps train on (FX thread). */
    public void setData(DatasetSplits splits) {
        fx.check("SweepViewModel.setData");
        this.data = splits;
    }

    /** Values to start from for a setting: the crop's lower bound over the paper's range, strengths around 1, probabilities 0..1. */
    public static String suggestedValues(String setting) {
        return switch (setting) {
            case "scaleMin" -> "0.08,0.2,0.35,0.5,0.7,0.9";
            case "scaleMax" -> "0.3,0.5,0.7,0.85,1";
            case RecipeKnob.COLOR_STRENGTH -> "0,0.25,0.5,1,1.5,2";
            case "hue" -> "0,0.1,0.2,0.3,0.5";
            default -> setting.endsWith("Probability") ? "0,0.25,0.5,0.75,1" : "";
        };
    }

    /**
     * Starts a sweep of {@code base} (the Train tab's configuration) with {@code steps} steps of
     * {@code batch} images per run; returns null, or why it cannot start (nothing runs then). FX thread.
     */
    public String start(TrainConfig base, String setting, String valuesText, int steps, int batch) {
        fx.check("SweepViewModel.start");
        String problem = problem(base, setting, valuesText, steps, batch);
        if (problem != null) {
            status.set("cannot start: " + problem);
        }
        return problem;
    }

    private String problem(TrainConfig base, String setting, String valuesText, int steps, int batch) {
        if (running.get()) {
            return "a sweep is running: stop it first";
        }
        if (data == null || base == null) {
            return "the data is still loading";
        }
        Sweep sweep;
        List<Double> values;
        try {
            values = parse(valuesText);
            RecipeKnob knob = new RecipeKnob(setting);
            TrainConfig config = base.toBuilder().epochs(0).steps(steps).batchSize(batch).evalEvery(0).checkpointEvery(0).build();
            Path out = runs.resolve("sweep-" + LocalDateTime.now().format(STAMP) + "-" + setting);
            sweep = new Sweep(config, knob, values, data, out, false, DeviceChoice.parse(device.get()).device());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        points.clear();
        param.set(setting);
        running.set(true);
        stop = false;
        status.set(String.format(Locale.ROOT, "sweeping %s over %s: %d runs of %d steps × %d", setting, values, values.size(), steps,
                batch));
        worker.execute(() -> run(sweep, values.size()));
        return null;
    }

    /** Stops after the current step; the finished runs stay. */
    public void stop() {
        stop = true;
    }

    /** Shows a sweep.csv (read on the worker). FX thread. */
    public void open(Path csv) {
        fx.check("SweepViewModel.open");
        worker.execute(() -> {
            try {
                List<SweepPoint> read = SweepCsv.read(csv);
                fx.execute(() -> {
                    points.setAll(read);
                    if (!read.isEmpty()) {
                        param.set(read.get(0).param());
                    }
                    status.set(read.isEmpty() ? csv + ": no runs" : csv + ": " + summary(read));
                });
            } catch (RuntimeException e) {
                fx.execute(() -> status.set("error: " + e.getMessage()));
            }
        });
    }

    private void run(Sweep sweep, int total) {
        int[] done = {0};
        try {
            List<SweepPoint> finished = sweep.run(() -> stop, new Sweep.Listener() {
                @Override
                public void onEvent(double value, TrainingEvent event) {
                    if (event instanceof TrainingEvent.StepCompleted s && (s.step() % STATUS_EVERY == 0 || s.step() == 1)) {
                        String line = String.format(Locale.ROOT, "%s=%s (run %d of %d): step %d/%d, loss %.4f, %.0f img/s",
                                sweep.knob(), Sweep.label(value), done[0] + 1, total, s.step(), s.totalSteps(), s.loss(),
                                s.imagesPerSecond());
                        fx.execute(() -> status.set(line));
                    }
                }

                @Override
                public void onPoint(SweepPoint point) {
                    done[0]++;
                    fx.execute(() -> points.add(point));
                }
            });
            Path csv = sweep.out().resolve(RunSummary.SWEEP_TABLE);
            if (!finished.isEmpty()) {
                SweepCsv.write(csv, finished);
            }
            String end = finished.isEmpty() ? "stopped before the first run ended"
                    : (stop ? "stopped; " : "done; ") + summary(finished) + "; " + csv;
            fx.execute(() -> {
                status.set(end);
                running.set(false);
            });
        } catch (RuntimeException e) {
            fx.execute(() -> {
                status.set("error: " + e.getMessage());
                running.set(false);
            });
        }
    }

    private static String summary(List<SweepPoint> points) {
        SweepPoint best = Sweep.best(points);
        return String.format(Locale.ROOT, "%d runs, best %s=%s (kNN %.4f, %+.1f points over random init)", points.size(), best.param(),
                Sweep.label(best.value()), best.knnTop1(), best.gain());
    }

    private static List<Double> parse(String text) {
        List<Double> out = new ArrayList<>();
        for (String cell : text.split(",")) {
            if (cell.isBlank()) {
                continue;
            }
            try {
                out.add(Double.parseDouble(cell.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("values: '" + cell.trim() + "' is not a number (write them as 0.1,0.2,0.4)", e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("values: give at least one, e.g. 0.1,0.2,0.4");
        }
        return out;
    }
}
