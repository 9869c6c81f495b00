package org.contrastlab.core.train;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.ProcessMemory;
import org.contrastlab.core.inspect.StepInspector;

/**
 * Runs one training run on the calling thread (grad mode is per thread): the dataset lives on
 * the device as uint8, each step gathers its batch there, makes the views with the batched
 * ops, computes the method's loss, back-propagates and updates, all inside a per-step memory
 * scope closed at the end of the step ({@link TrainingSession}). Reports through a
 * {@link TrainingListener}, writes checkpoints to the run folder when there is one (its
 * metrics come from the same events, through {@link MetricsFile}), and stops between steps
 * when asked.
 */
public final class Trainer {
    private final TrainConfig config;
    private final DatasetSplits data;
    private final RunDirectory runDirectory;
    private final TrainingListener given;
    private TrainingListener listener;
    /** The run folder's metrics and checkpoints, or null without a run folder. */
    private MetricsFile metrics;
    private Checkpoints checkpoints;
    private Evaluations evaluations;
    private final Device device;
    private Path resumeFrom;
    private BooleanSupplier checkpointNow = () -> false;
    private final List<StepObserver> observers = new ArrayList<>();
    private int syncEvery = 1;
    private StepTrace trace;
    private StepGate gate;
    private TrainingSession.Probes probes = TrainingSession.Probes.NONE;
    /** Steps before which the stall watch does not judge a run ({@link StallWatch}). */
    private int stallMinSteps = StallWatch.MIN_STEPS;
    /** How often a run on a GPU reads its losses back unless told otherwise. */
    public static final int GPU_SYNC_EVERY = 10;

    /** Every step on the CPU (reading back costs nothing there); every {@value #GPU_SYNC_EVERY} on a GPU. */
    public static int defaultSyncEvery(Device device) {
        return device.isGpu() ? GPU_SYNC_EVERY : 1;
    }

    public Trainer(TrainConfig config, DatasetSplits data, RunDirectory runDirectory, TrainingListener listener, Device device) {
        this.config = config;
        this.data = data;
        this.runDirectory = runDirectory;
        this.given = listener;
        this.device = device;
    }

    /**
     * Continues from {@code checkpoint} (a folder of the run) instead of starting: the whole
     * state is put back and the steps go on from the checkpoint's; the metrics of later steps
     * are dropped from the run folder and written again.
     */
    public Trainer resumeFrom(Path checkpoint) {
        RunPack.refuseResume(checkpoint);
        this.resumeFrom = checkpoint;
        return this;
    }

    /**
     * Asks after every step whether to write a checkpoint now (besides the regular ones), e.g.
     * a button in the window; the supplier should answer true once per request.
     */
    public Trainer checkpointWhen(BooleanSupplier request) {
        this.checkpointNow = request;
        return this;
    }

    /**
     * Reads the steps' losses back every {@code n} steps (all of them at once) instead of after
     * each: a GPU then runs ahead of the host. Steps are reported, written to the metrics and
     * checked for divergence when read; evaluations, checkpoints and the end of the run always
     * read first, so a checkpoint never holds a step that was not checked. 1 (the default) reads
     * every step and stops a diverging step before it updates anything.
     */
    public Trainer syncEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--sync-every must be at least 1, got " + n);
        }
        this.syncEvery = n;
        return this;
    }

    /** Judges whether the run learns from {@code steps} on (50 by default); tests judge short runs. */
    Trainer stallMinSteps(int steps) {
        this.stallMinSteps = steps;
        return this;
    }

    /** What tests change in the session (a collection between forward and backward, the first loss scale). */
    Trainer probes(TrainingSession.Probes p) {
        this.probes = p;
        return this;
    }

    /** Shows every step's views, networks and loss to {@code t}, to replay the run elsewhere. */
    public Trainer trace(StepTrace t) {
        this.trace = t;
        return this;
    }

    /**
     * Lets {@code g} hold the run between steps and let it take one at a time; while held, each
     * step about to be taken is shown first ({@link TrainingEvent.StepInspected}).
     */
    public Trainer gate(StepGate g) {
        this.gate = g;
        return this;
    }

    /** Shows the model to {@code observer} before the first step and after every step (on the training thread). */
    public Trainer observe(StepObserver observer) {
        observers.add(observer);
        return this;
    }

    /** What a finished run reached. */
    public record Result(int steps, boolean stoppedEarly, double seconds, Double knnTop1) {
    }

    public Result run(BooleanSupplier stopRequested) {
        long startNanos = System.nanoTime();
        config.checkAgainst(data.train(), data.name());
        int total = config.totalSteps(data.train().size());
        // side effects that only watch the events are listeners in front of the caller's
        metrics = runDirectory == null ? null : new MetricsFile(runDirectory);
        TrainingListener downstream = metrics == null ? given : e -> {
            metrics.onEvent(e);
            given.onEvent(e);
        };
        listener = new StallWatch(downstream, stallMinSteps, StallWatch.startOf(config));
        checkpoints = metrics == null ? null : new Checkpoints(runDirectory, metrics, config.checkpointEvery(), listener);
        evaluations = new Evaluations(config.evalEvery(), data.test() == null ? 0 : data.test().size(), listener);
        int step = 0;
        // grad mode is per thread and starts on in libtorch (DJL turns it off only on the thread that
        // loaded the engine): off for the run, on only inside each step's gradient collector, so the
        // optimizer's and the teachers' in-place updates work on any thread
        try (NoGrad off = NoGrad.enter(); TrainingSession session = new TrainingSession(config, data, device, probes)) {
            session.syncEvery(syncEvery);
            if (trace != null) {
                session.trace(trace);
            }
            if (resumeFrom != null) {
                step = session.restore(resumeFrom);
                if (metrics != null) {
                    metrics.resumedAt(step);
                    checkpoints.restored(step);
                }
            } else {
                session.prepare();
                if (session.initialised() != null) {
                    listener.onEvent(new TrainingEvent.Initialised(session.initialised()));
                }
            }
            listener.onEvent(new TrainingEvent.Started(config.method(), config.backbone(), data.name(), device.toString(),
                    total, data.train().size(), data.test() == null ? 0 : data.test().size()));
            show(session, step);
            if (step == 0 && evaluations.atStart(session)) {
                evaluations.evaluate(session, 0); // the random-initialisation baseline, first point of the kNN curve
            }
            Double lastKnn = null;
            boolean stopped = false;
            long since = System.nanoTime();
            for (; step < total; step++) {
                if (gate != null && gate.willWait()) {
                    // held between steps: what was taken is shown, then the step about to be taken
                    lastKnn = afterSteps(session, session.drain(), total, (System.nanoTime() - since) / 1e9, lastKnn, false);
                    inspect(session, step);
                    gate.pass(stopRequested);
                    since = System.nanoTime(); // the wait is not training time
                }
                if (stopRequested.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                session.step(step);
                int done = step + 1;
                boolean asked = checkpointNow.getAsBoolean();
                boolean due = evaluations.due(session, done, total) || checkpointDue(done, total);
                if (asked || due || done % syncEvery == 0 || done == total) {
                    lastKnn = afterSteps(session, session.drain(), total, (System.nanoTime() - since) / 1e9, lastKnn, asked);
                    since = System.nanoTime();
                }
                show(session, done);
            }
            if (stopped) {
                lastKnn = afterSteps(session, session.drain(), total, (System.nanoTime() - since) / 1e9, lastKnn, false);
            }
            if (metrics != null) {
                metrics.flush(); // the end's evaluation on a line of its own
            }
            if (session.canEvaluate() && step > 0) {
                lastKnn = evaluations.evaluate(session, step);
            }
            if (checkpoints != null) {
                checkpoints.atEnd(session, step); // a run resumed or stopped where it was kept: nothing new
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            listener.onEvent(new TrainingEvent.Finished(step, stopped, seconds, lastKnn));
            return new Result(step, stopped, seconds, lastKnn);
        } catch (RuntimeException e) {
            listener.onEvent(new TrainingEvent.Failed(step + 1, e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    private void inspect(TrainingSession session, int step) {
        try {
            listener.onEvent(new TrainingEvent.StepInspected(session.inspect(step, StepInspector.MAX_IMAGES)));
        } catch (RuntimeException e) {
            // a picture that cannot be made does not end the run
            listener.onEvent(new TrainingEvent.Warned(step, "cannot show step " + (step + 1) + ": " + e.getMessage()));
        }
    }

    private boolean checkpointDue(int done, int total) {
        return checkpoints != null && checkpoints.due(done, total);
    }

    /**
     * Reports the steps just read back (they took {@code seconds} together; {@link MetricsFile}
     * writes them from the events); after the last of them, evaluates and checkpoints on their cadences (or when
     * {@code asked}); returns the latest kNN.
     */
    private Double afterSteps(TrainingSession session, List<StepReadback.Values> steps, int total, double seconds,
            Double lastKnn, boolean asked) {
        if (steps.isEmpty()) {
            return lastKnn;
        }
        double imagesPerSecond = config.batchSize() * steps.size() / seconds;
        Map<String, Double> monitors = session.monitors(); // the last step's (the method keeps only those)
        Double knn = lastKnn;
        for (int k = 0; k < steps.size(); k++) {
            StepReadback.Values v = steps.get(k);
            boolean last = k == steps.size() - 1;
            int done = v.step() + 1;
            double lr = session.learningRate(v.step());
            int epoch = session.epochOf(v.step());
            Map<String, Double> shown = Map.of();
            if (last) {
                shown = new LinkedHashMap<>(monitors);
                shown.put("grad_norm", v.gradNorm());
            }
            listener.onEvent(new TrainingEvent.StepCompleted(done, epoch, total, v.loss(), lr, imagesPerSecond,
                    ProcessMemory.residentBytes(), shown, v.gradNorm()));
            if (last && evaluations.due(session, done, total)) {
                knn = evaluations.evaluate(session, done);
            }
            if (last && checkpoints != null) {
                checkpoints.afterStep(session, done, total, asked);
            }
        }
        return knn;
    }

    private void show(TrainingSession session, int step) {
        for (StepObserver o : observers) {
            o.look(step, session.live());
        }
    }
}
