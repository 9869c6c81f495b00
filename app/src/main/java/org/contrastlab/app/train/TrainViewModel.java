package org.contrastlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.contrastlab.app.common.TrainJob;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;

/**
 * The training dashboard's state. The run works on a background executor and reports into
 * thread-safe holders; {@link #tick()}, called on the FX thread on a fixed cadence, samples
 * them into the read-only properties and hands back the loss points that arrived since the
 * last tick. No property is touched off the FX thread, and nothing is posted per step.
 */
public final class TrainViewModel {
    /** Where the dashboard is. */
    public enum State { NO_DATA, READY, RUNNING, STOPPING, FINISHED, FAILED }

    private final TrainJob job;
    private final Executor executor;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.NO_DATA);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("loading the dataset…");
    private final ReadOnlyStringWrapper knnText = new ReadOnlyStringWrapper("kNN top-1: not evaluated yet");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper();
    private final ConcurrentLinkedQueue<double[]> pendingLoss = new ConcurrentLinkedQueue<>();
    private final AtomicReference<TrainingEvent.StepCompleted> latestStep = new AtomicReference<>();
    private final AtomicReference<TrainingEvent.Evaluated> latestEval = new AtomicReference<>();
    private final AtomicReference<Object> outcome = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private DatasetSplits data;
    private TrainConfig config;

    public TrainViewModel(TrainJob job, Executor executor) {
        this.job = job;
        this.executor = executor;
        canStart.bind(state.isEqualTo(State.READY).or(state.isEqualTo(State.FINISHED)).or(state.isEqualTo(State.FAILED)));
    }

    /** The dataset and configuration to train with; makes the dashboard ready. FX thread. */
    public void setData(DatasetSplits splits, TrainConfig trainConfig) {
        this.data = splits;
        this.config = trainConfig;
        state.set(State.READY);
        status.set(String.format(Locale.ROOT, "%s: %d training, %d test images. Press Train.", splits.name(),
                splits.train().size(), splits.test() == null ? 0 : splits.test().size()));
    }

    /**
     * Trains the next runs with {@code recipe} (views at its global size); returns null, or
     * why the current method cannot train with it. FX thread.
     */
    public String useRecipe(org.contrastlab.core.augment.ViewRecipe recipe) {
        if (config == null) {
            return "no dataset loaded yet";
        }
        try {
            config = config.toBuilder().views(recipe).imageSize(recipe.globalSize()).build();
            if (canStart.get()) {
                status.set("the next run trains with the recipe " + recipe.name() + ". Press Train.");
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The configuration the next run uses. */
    public TrainConfig config() {
        return config;
    }

    /** Reports that the dataset could not be loaded. FX thread. */
    public void dataFailed(String message) {
        state.set(State.FAILED);
        status.set("cannot load the dataset: " + message);
    }

    /** Starts a run in the background. FX thread. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        stopRequested.set(false);
        outcome.set(null);
        latestStep.set(null);
        latestEval.set(null);
        pendingLoss.clear();
        step.set(0);
        progress.set(0);
        knnText.set("kNN top-1: not evaluated yet");
        state.set(State.RUNNING);
        status.set("starting " + config.method() + " with " + config.backbone() + "…");
        DatasetSplits splits = data;
        TrainConfig cfg = config;
        executor.execute(() -> {
            try {
                outcome.set(job.run(cfg, splits, this::onEvent, stopRequested::get));
            } catch (RuntimeException | Error e) {
                outcome.set(e);
            }
        });
    }

    /** Asks the run to stop after its current step. FX thread. */
    public void stop() {
        if (state.get() == State.RUNNING) {
            stopRequested.set(true);
            state.set(State.STOPPING);
            status.set("stopping after the current step…");
        }
    }

    private void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted s) {
            latestStep.set(s);
            pendingLoss.add(new double[] {s.step(), s.loss()});
        } else if (event instanceof TrainingEvent.Evaluated e) {
            latestEval.set(e);
        }
    }

    /** Samples the run's progress into the properties; returns the new (step, loss) points. FX thread. */
    public List<double[]> tick() {
        List<double[]> points = new ArrayList<>();
        for (double[] p; (p = pendingLoss.poll()) != null; ) {
            points.add(p);
        }
        TrainingEvent.StepCompleted s = latestStep.get();
        if (s != null && (state.get() == State.RUNNING || state.get() == State.STOPPING)) {
            step.set(s.step());
            progress.set((double) s.step() / s.totalSteps());
            status.set(String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.4f  %.0f img/s  memory %d MB (Java heap %d MB)",
                    s.step(), s.totalSteps(), s.loss(), s.learningRate(), s.imagesPerSecond(), s.residentBytes() >> 20,
                    Runtime.getRuntime().totalMemory() >> 20));
        }
        TrainingEvent.Evaluated e = latestEval.get();
        if (e != null) {
            knnText.set(String.format(Locale.ROOT, "kNN top-1: %.1f %% at step %d", 100 * e.knnTop1(), e.step()));
        }
        Object done = outcome.getAndSet(null);
        if (done instanceof Trainer.Result r) {
            state.set(State.FINISHED);
            status.set(String.format(Locale.ROOT, "%s after %d steps in %.0f s", r.stoppedEarly() ? "stopped" : "finished",
                    r.steps(), r.seconds()));
        } else if (done instanceof Throwable t) {
            state.set(State.FAILED);
            status.set("training failed: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
        }
        return points;
    }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty knnTextProperty() { return knnText.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty stepProperty() { return step.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }
}
