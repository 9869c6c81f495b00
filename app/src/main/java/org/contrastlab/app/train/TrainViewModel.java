package org.contrastlab.app.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
import javafx.collections.ObservableList;
import org.contrastlab.app.common.RunControls;
import org.contrastlab.app.common.TrainJob;
import org.contrastlab.app.inside.StepThrough;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;

/**
 * The training dashboard's state. The run works on a background executor and reports into
 * thread-safe holders ({@link RunInbox}); {@link #tick()}, called on the FX thread on a fixed cadence, samples
 * them into the read-only properties and hands back the loss points that arrived since the
 * last tick, and keeps the method's own curves (collapse, teacher momentum, queue fill, code
 * entropy, …). No property is touched off the FX thread, and nothing is posted per step.
 * Pause stops the run at a checkpoint and Resume continues it from there; Checkpoint writes
 * one between two steps; the method is chosen with its small preset.
 */
public final class TrainViewModel {
    /** Where the dashboard is. */
    public enum State { NO_DATA, READY, RUNNING, STOPPING, PAUSING, PAUSED, FINISHED, FAILED }

    private final TrainJob job;
    private final Executor executor;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.NO_DATA);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("loading the dataset…");
    private final ReadOnlyStringWrapper knnText = new ReadOnlyStringWrapper("kNN top-1: not evaluated yet");
    /** What the user should know about the files (images skipped, a checkpoint repaired); empty when nothing. */
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper();
    private final RunInbox inbox = new RunInbox();
    private final AtomicReference<Object> outcome = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    private final MethodCurves curves = new MethodCurves();
    private final StepThrough stepThrough = new StepThrough();
    private final ReadOnlyStringWrapper method = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper backbone = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper();
    private boolean pausing;
    private Path pausedAt;
    private DatasetSplits data;
    private TrainConfig config;

    public TrainViewModel(TrainJob job, Executor executor) {
        this.job = job;
        this.executor = executor;
        canStart.bind(state.isEqualTo(State.READY).or(state.isEqualTo(State.FINISHED)).or(state.isEqualTo(State.FAILED))
                .or(state.isEqualTo(State.PAUSED)));
        canResume.bind(state.isEqualTo(State.PAUSED));
    }

    /** Every method the dashboard offers, by id. */
    public static List<String> methods() {
        return MethodSpec.all().stream().map(MethodSpec::id).toList();
    }

    /** Every backbone the dashboard offers, by id. */
    public static List<String> backbones() {
        return BackboneSpec.all().stream().map(BackboneSpec::id).toList();
    }

    /**
     * Trains the next runs with {@code id}'s small preset (its views, temperature, heads,
     * learning rate and settings), keeping this dashboard's backbone, evaluation cadence, and
     * budget unless that is the previous preset's own. Returns null, or why not. FX thread.
     */
    public String selectMethod(String id) {
        String refused = refuseChange("method");
        if (refused != null) {
            return refused;
        }
        try {
            return choose(id, NextRunPreset.backboneFor(config, id));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Trains the next runs with the backbone {@code id} (BackboneSpec's), the method's preset
     * for it (on sample:shapes DINO takes other views with a ViT). Returns null, or why not. FX thread.
     */
    public String selectBackbone(String id) {
        String refused = refuseChange("backbone");
        return refused != null ? refused : choose(config.method(), id);
    }

    private String refuseChange(String what) {
        return config == null ? "no dataset loaded yet" : canStart.get() ? null : "stop the run before choosing another " + what;
    }

    /** The next runs with {@code methodId} and {@code backboneId} ({@link NextRunPreset}). */
    private String choose(String methodId, String backboneId) {
        try {
            config = NextRunPreset.of(config, methodId, backboneId);
            method.set(methodId);
            backbone.set(backboneId);
            pausedAt = null;
            if (state.get() == State.PAUSED) {
                state.set(State.READY);
            }
            status.set("the next run trains " + methodId + " with " + backboneId + " (" + config.viewRecipe().name()
                    + " views, lr " + config.learningRate() + ", " + config.steps() + " steps of " + config.batchSize()
                    + "). Press Train.");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Starts the next runs' backbone from a weights file (a published ViT or ResNet, or an
     * export; null: random weights again). The file is checked when the run starts, before its
     * folder is made. Returns null, or why not. FX thread.
     */
    public String startFrom(Path weights) {
        if (config == null) {
            return "no dataset loaded yet";
        }
        if (!canStart.get()) {
            return "stop the run before choosing its starting weights";
        }
        config = config.toBuilder().initFrom(weights == null ? null : weights.toAbsolutePath().toString(), null).build();
        status.set(weights == null ? "the next run starts from random weights. Press Train."
                : "the next run's " + config.backbone() + " starts from " + weights.getFileName()
                        + " (checked when it starts). Press Train.");
        return null;
    }

    /**
     * Trains the next runs with a run's whole configuration (method, views, optimizer,
     * settings, budget) on this window's dataset; returns null, or why not. FX thread.
     */
    public String useConfiguration(TrainConfig run) {
        if (config == null) {
            return "no dataset loaded yet";
        }
        if (!canStart.get()) {
            return "stop the run before taking another configuration";
        }
        try {
            config = run.toBuilder().data(config.data()).build();
            method.set(run.method());
            backbone.set(run.backbone());
            pausedAt = null;
            if (state.get() == State.PAUSED) {
                state.set(State.READY);
            }
            status.set("the next run trains " + run.method() + " with " + run.backbone() + " as that run did"
                    + (run.data().equals(config.data()) ? "" : " (on " + config.data() + ", not " + run.data() + ")") + ". Press Train.");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The dataset and configuration to train with; makes the dashboard ready. FX thread. */
    public void setData(DatasetSplits splits, TrainConfig trainConfig) {
        this.data = splits;
        this.config = trainConfig;
        method.set(trainConfig.method());
        backbone.set(trainConfig.backbone());
        state.set(State.READY);
        status.set(String.format(Locale.ROOT, "%s: %d training, %d test images. Press Train.", splits.name(),
                splits.train().size(), splits.test() == null ? 0 : splits.test().size()));
        notice.set(skippedNotice(splits));
    }

    /** "skipped N unreadable images: the first, …" or empty. */
    static String skippedNotice(DatasetSplits splits) {
        List<String> skipped = splits.skipped();
        if (skipped.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "note: skipped %d unreadable image%s of %s: %s%s", skipped.size(),
                skipped.size() == 1 ? "" : "s", splits.name(), skipped.get(0), skipped.size() > 1 ? " (and more)" : "");
    }

    /**
     * Trains the next runs with {@code recipe} (views at its global size); returns null, or
     * why the current method cannot train with it. FX thread.
     */
    public String useRecipe(ViewRecipe recipe) {
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

    /**
     * What the step-0 evaluation measures, for the charts' reference line: "random init", or
     * "start" and the weights file's name for a run that starts from published weights.
     */
    public String startLabel() {
        String from = config.initFrom();
        return from == null ? "random init" : "start (" + Path.of(from).getFileName() + ")";
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

    /** Starts a new run in the background. FX thread. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        inbox.clear();
        curves.clear();
        step.set(0);
        progress.set(0);
        knnText.set("kNN top-1: not evaluated yet");
        pausedAt = null;
        launch(null, "starting " + config.method() + " with " + config.backbone() + "…");
    }

    /** Continues the paused run from the checkpoint it stopped at. FX thread. */
    public void resume() {
        if (state.get() != State.PAUSED || pausedAt == null) {
            return;
        }
        launch(pausedAt, "resuming from " + pausedAt.getFileName() + "…");
    }

    private void launch(Path from, String message) {
        stopRequested.set(false);
        checkpointRequested.set(false);
        pausing = false;
        outcome.set(null);
        state.set(State.RUNNING);
        status.set(message);
        DatasetSplits splits = data;
        TrainConfig cfg = config;
        RunControls controls = new RunControls(stopRequested::get, () -> checkpointRequested.getAndSet(false), from, stepThrough.gate());
        executor.execute(() -> {
            try {
                outcome.set(job.run(cfg, splits, this::onEvent, controls));
            } catch (RuntimeException | Error e) {
                outcome.set(e);
            }
        });
    }

    /** Asks the run to stop after its current step (it writes a checkpoint). FX thread. */
    public void stop() {
        if (state.get() == State.RUNNING) {
            stopRequested.set(true);
            state.set(State.STOPPING);
            status.set("stopping after the current step…");
        }
    }

    /** Stops the run after its current step at a checkpoint that {@link #resume} continues from. FX thread. */
    public void pause() {
        if (state.get() == State.RUNNING) {
            pausing = true;
            stopRequested.set(true);
            state.set(State.PAUSING);
            status.set("pausing after the current step…");
        }
    }

    /** Asks the run to write a checkpoint after its current step. FX thread. */
    public void checkpointNow() {
        if (state.get() == State.RUNNING) {
            checkpointRequested.set(true);
            status.set("a checkpoint follows the current step…");
        }
    }

    private void onEvent(TrainingEvent event) {
        inbox.accept(event);
        if (event instanceof TrainingEvent.StepCompleted s) {
            curves.offer(s);
        } else if (event instanceof TrainingEvent.StepInspected i) {
            stepThrough.offer(i.inspection());
        }
    }

    /** Every point of the method's curve {@code name} so far (step, value). FX thread. */
    public List<double[]> monitorHistory(String name) {
        return curves.history(name);
    }

    /** The points of curve {@code name} that the last {@link #tick()} brought. FX thread. */
    public List<double[]> newMonitorPoints(String name) {
        return curves.fresh(name);
    }

    /**
     * The evaluations (step, kNN top-1) since the last call, oldest first; the one at step 0 is
     * the network at random initialisation. FX thread.
     */
    public List<double[]> newKnnPoints() {
        return inbox.newKnn();
    }

    /**
     * A ViT's attention scores (step, Jaccard against the object masks) since the last call,
     * oldest first; none for other backbones or data without masks. FX thread.
     */
    public List<double[]> newAttentionPoints() {
        return inbox.newAttention();
    }

    /** Samples the run's progress into the properties; returns the new (step, loss) points. FX thread. */
    public List<double[]> tick() {
        List<double[]> points = inbox.newLoss();
        curves.drain();
        stepThrough.tick();
        for (String n : inbox.newNotices()) {
            notice.set("note: " + n);
        }
        TrainingEvent.StepCompleted s = inbox.latestStep();
        if (s != null && (state.get() == State.RUNNING || state.get() == State.STOPPING)) {
            step.set(s.step());
            progress.set((double) s.step() / s.totalSteps());
            status.set(String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.4f  %.0f img/s  memory %d MB (Java heap %d MB)",
                    s.step(), s.totalSteps(), s.loss(), s.learningRate(), s.imagesPerSecond(), s.residentBytes() >> 20,
                    Runtime.getRuntime().totalMemory() >> 20));
        }
        TrainingEvent.Evaluated e = inbox.latestEval();
        if (e != null) {
            TrainingEvent.Warned w = inbox.warning();
            knnText.set(String.format(Locale.ROOT, "kNN top-1: %.1f %% at step %d", 100 * e.knnTop1(), e.step())
                    + (w == null ? "" : "  — not learning: no better than at " + startLabel() + " since step " + w.step()));
        }
        Object done = outcome.getAndSet(null);
        if (done != null) {
            stepThrough.runEnded();
        }
        if (done instanceof Trainer.Result r && pausing && r.stoppedEarly() && inbox.lastCheckpoint() != null) {
            pausedAt = inbox.lastCheckpoint();
            state.set(State.PAUSED);
            status.set(String.format(Locale.ROOT, "paused after %d steps at %s. Press Resume.", r.steps(), pausedAt));
        } else if (done instanceof Trainer.Result r) {
            state.set(State.FINISHED);
            status.set(String.format(Locale.ROOT, "%s after %d steps in %.0f s", r.stoppedEarly() ? "stopped" : "finished",
                    r.steps(), r.seconds()));
        } else if (done instanceof Throwable t) {
            state.set(State.FAILED);
            status.set("training failed: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
        }
        return points;
    }

    /** The step-through of the run: hold it between steps, step once, see the step it takes next. */
    public StepThrough stepThrough() {
        return stepThrough;
    }

    /** Holds a running run before its next step and shows that step, or lets a held run take one step. FX thread. */
    public void stepOnce() {
        if (state.get() == State.RUNNING) {
            stepThrough.step();
            status.set(stepThrough.heldProperty().get() ? "held between two steps: Step takes one more, Continue lets the run go on"
                    : status.get());
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty knnTextProperty() { return knnText.getReadOnlyProperty(); }
    /** The latest note about the run's files ("skipped …", "repaired …"); empty when there is none. */
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty stepProperty() { return step.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canResumeProperty() { return canResume.getReadOnlyProperty(); }
    public ReadOnlyStringProperty methodProperty() { return method.getReadOnlyProperty(); }
    public ReadOnlyStringProperty backboneProperty() { return backbone.getReadOnlyProperty(); }
    /** The latest value of each of the method's curves, as one line. */
    public ReadOnlyStringProperty monitorTextProperty() { return curves.latestProperty(); }
    /** The names of the method's curves seen so far in this run. */
    public ObservableList<String> monitorNames() { return curves.names(); }
}
