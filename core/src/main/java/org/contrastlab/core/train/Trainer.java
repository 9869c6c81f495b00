package org.contrastlab.core.train;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contrastlab.core.env.NoGrad;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.ProcessMemory;

/**
 * Runs one training run on the calling thread (grad mode is per thread): the dataset lives on
 * the device as uint8, each step gathers its batch there, makes the views with the batched
 * ops, computes the method's loss, back-propagates and updates, all inside a per-step memory
 * scope closed at the end of the step ({@link TrainingSession}). Reports through a
 * {@link TrainingListener}, writes metrics and checkpoints to the run folder when there is
 * one, and stops between steps when asked.
 */
public final class Trainer {
    private final TrainConfig config;
    private final DatasetSplits data;
    private final RunDirectory runDirectory;
    private final TrainingListener listener;
    private final Device device;
    private java.nio.file.Path resumeFrom;
    private BooleanSupplier checkpointNow = () -> false;
    private final java.util.List<StepObserver> observers = new java.util.ArrayList<>();

    public Trainer(TrainConfig config, DatasetSplits data, RunDirectory runDirectory, TrainingListener listener, Device device) {
        this.config = config;
        this.data = data;
        this.runDirectory = runDirectory;
        this.listener = listener;
        this.device = device;
    }

    /**
     * Continues from {@code checkpoint} (a folder of the run) instead of starting: the whole
     * state is put back and the steps go on from the checkpoint's; the metrics of later steps
     * are dropped from the run folder and written again.
     */
    public Trainer resumeFrom(java.nio.file.Path checkpoint) {
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
        int total = config.totalSteps(data.train().size());
        config.checkAgainst(data.train().size(), data.name());
        int step = 0;
        // grad mode is per thread and starts on in libtorch (DJL turns it off only on the thread that
        // loaded the engine): off for the run, on only inside each step's gradient collector, so the
        // optimizer's and the teachers' in-place updates work on any thread
        try (NoGrad off = NoGrad.enter(); TrainingSession session = new TrainingSession(config, data, device)) {
            if (resumeFrom != null) {
                step = session.restore(resumeFrom);
                if (runDirectory != null) {
                    runDirectory.truncateMetricsAfter(step);
                }
            } else {
                session.prepare();
            }
            listener.onEvent(new TrainingEvent.Started(config.method(), config.backbone(), data.name(), device.toString(),
                    total, data.train().size(), data.test() == null ? 0 : data.test().size()));
            show(session, step);
            if (step == 0 && session.canEvaluate() && config.evalEvery() > 0) {
                evaluate(session, 0, null); // the random-initialisation baseline, first point of the kNN curve
            }
            Double lastKnn = null;
            boolean stopped = false;
            for (; step < total; step++) {
                if (stopRequested.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                long t0 = System.nanoTime();
                double loss = session.step(step);
                double seconds = (System.nanoTime() - t0) / 1e9;
                lastKnn = afterStep(session, step + 1, total, loss, seconds, lastKnn);
                show(session, step + 1);
            }
            if (session.canEvaluate() && step > 0) {
                lastKnn = evaluate(session, step, null);
            }
            if (runDirectory != null && step > 0) {
                checkpoint(session, step);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            listener.onEvent(new TrainingEvent.Finished(step, stopped, seconds, lastKnn));
            return new Result(step, stopped, seconds, lastKnn);
        } catch (RuntimeException e) {
            listener.onEvent(new TrainingEvent.Failed(step + 1, e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    /** Reports a finished step, evaluates and checkpoints on their cadences; returns the latest kNN. */
    private Double afterStep(TrainingSession session, int done, int total, double loss, double seconds, Double lastKnn) {
        double lr = session.learningRate(done - 1);
        int epoch = session.epochOf(done - 1);
        Map<String, Double> monitors = session.monitors();
        listener.onEvent(new TrainingEvent.StepCompleted(done, epoch, total, loss, lr,
                config.batchSize() / seconds, ProcessMemory.residentBytes(), monitors));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("step", done);
        record.put("epoch", epoch);
        record.put("loss", loss);
        record.put("lr", lr);
        new java.util.TreeMap<>(monitors).forEach((k, v) -> {
            if (Double.isFinite(v)) {
                record.put(k, v);
            }
        });
        Double knn = lastKnn;
        if (session.canEvaluate() && config.evalEvery() > 0 && done % config.evalEvery() == 0 && done < total) {
            knn = evaluate(session, done, record);
        } else if (runDirectory != null) {
            runDirectory.appendMetrics(record);
        }
        boolean regular = config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0;
        if (runDirectory != null && done < total && (checkpointNow.getAsBoolean() || regular)) {
            checkpoint(session, done);
        }
        return knn;
    }

    private void show(TrainingSession session, int step) {
        for (StepObserver o : observers) {
            o.look(step, session.live());
        }
    }

    /** Evaluates kNN, reports it and writes it to the metrics (into {@code record} when given). */
    private double evaluate(TrainingSession session, int step, Map<String, Object> record) {
        double top1 = session.evaluate();
        listener.onEvent(new TrainingEvent.Evaluated(step, top1, session.bankSize(), session.querySize()));
        if (runDirectory != null) {
            Map<String, Object> line = record != null ? record : new LinkedHashMap<>(Map.of("step", step));
            line.put("knn_top1", top1);
            runDirectory.appendMetrics(line);
        }
        return top1;
    }

    private void checkpoint(TrainingSession session, int step) {
        java.nio.file.Path path = session.checkpoint(runDirectory, step);
        listener.onEvent(new TrainingEvent.CheckpointWritten(step, path.toString()));
    }
}
