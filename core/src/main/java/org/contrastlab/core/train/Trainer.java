package org.contrastlab.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewParams;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.ProcessMemory;
import org.contrastlab.core.eval.KnnMonitor;
import org.contrastlab.core.method.SslMethod;

/**
 * Runs one training run on the calling thread (grad mode is per thread): the dataset lives on
 * the device as uint8, each step gathers its batch there, makes the views with the batched
 * ops, computes the method's loss, back-propagates and updates, all inside a per-step memory
 * scope that is closed at the end of the step. Reports through a {@link TrainingListener};
 * stops between steps when asked.
 */
public final class Trainer {
    private final TrainConfig config;
    private final DatasetSplits data;
    private final RunDirectory runDirectory;
    private final TrainingListener listener;
    private final Device device;

    public Trainer(TrainConfig config, DatasetSplits data, RunDirectory runDirectory, TrainingListener listener, Device device) {
        this.config = config;
        this.data = data;
        this.runDirectory = runDirectory;
        this.listener = listener;
        this.device = device;
    }

    /** What a finished run reached. */
    public record Result(int steps, boolean stoppedEarly, double seconds, Double knnTop1) {
    }

    public Result run(BooleanSupplier stopRequested) {
        long startNanos = System.nanoTime();
        int total = config.totalSteps(data.train().size());
        int perEpoch = config.stepsPerEpoch(data.train().size());
        if (data.train().size() < config.batchSize()) {
            throw new InvalidConfigException(List.of("--batch-size " + config.batchSize() + " is larger than the "
                    + data.train().size() + " training images of " + data.name()));
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        Random rng = org.contrastlab.core.augment.Seeds.random(config.seed());
        ViewRecipe recipe = ViewRecipe.simclr(config.imageSize(), config.colorStrength(), config.blur());
        int step = 0;
        try (NDManager runManager = NDManager.newBaseManager(device)) {
            TrainingModel model = TrainingModel.create(config, runManager);
            SslMethod method = model.method();
            ParameterStore parameters = new ParameterStore(runManager, false);
            Normalization normalization = Normalization.of(data.train());
            NDArray pixels = data.train().toNDArray(runManager);
            SgdMomentum optimizer = new SgdMomentum(method.trainableBlocks(), runManager, config.momentum(), config.weightDecay());
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(config.learningRate(), 0,
                    Math.min(config.warmupSteps(), total / 2), total);
            KnnMonitor knn = data.hasLabelledTest() && data.train().isLabelled()
                    ? new KnnMonitor(data.train(), data.test(), config.knnK(), config.knnTemperature()) : null;
            listener.onEvent(new TrainingEvent.Started(config.method(), config.backbone(), data.name(), device.toString(),
                    total, data.train().size(), data.test() == null ? 0 : data.test().size()));
            int[] order = null;
            Double lastKnn = null;
            if (knn != null && config.evalEvery() > 0) {
                // the random-initialisation baseline, the first point of the kNN curve
                double baseline = evaluate(knn, model, parameters, normalization, runManager, 0);
                if (runDirectory != null) {
                    runDirectory.appendMetrics(new LinkedHashMap<>(Map.of("step", 0, "knn_top1", baseline)));
                }
            }
            boolean stopped = false;
            for (step = 0; step < total; step++) {
                if (stopRequested.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                int epoch = step / perEpoch;
                int pos = step % perEpoch;
                if (pos == 0) {
                    order = permutation(data.train().size(), rng);
                }
                long t0 = System.nanoTime();
                double lr = schedule.at(step);
                double loss;
                try (NDManager stepManager = runManager.newSubManager()) {
                    int[] idx = java.util.Arrays.copyOfRange(order, pos * config.batchSize(), (pos + 1) * config.batchSize());
                    List<NDArray> views = makeViews(stepManager, pixels, idx, rng, recipe, normalization, method.viewsPerImage());
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray lossArray = method.loss(parameters, views);
                        loss = lossArray.getFloat();
                        DivergenceGuard.checkLoss(loss, step + 1, lr);
                        collector.backward(lossArray);
                    }
                    optimizer.step(lr);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                int done = step + 1;
                listener.onEvent(new TrainingEvent.StepCompleted(done, epoch, total, loss, lr,
                        config.batchSize() / seconds, ProcessMemory.residentBytes()));
                Map<String, Object> record = metrics(done, epoch, loss, lr);
                if (knn != null && config.evalEvery() > 0 && done % config.evalEvery() == 0 && done < total) {
                    lastKnn = evaluate(knn, model, parameters, normalization, runManager, done);
                    record.put("knn_top1", lastKnn);
                }
                if (runDirectory != null) {
                    runDirectory.appendMetrics(record);
                    if (config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0 && done < total) {
                        checkpoint(model, normalization, done);
                    }
                }
            }
            if (knn != null && (step > 0 || stopped)) {
                lastKnn = evaluate(knn, model, parameters, normalization, runManager, step);
                if (runDirectory != null) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("step", step);
                    record.put("knn_top1", lastKnn);
                    runDirectory.appendMetrics(record);
                }
            }
            if (runDirectory != null && step > 0) {
                checkpoint(model, normalization, step);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            listener.onEvent(new TrainingEvent.Finished(step, stopped, seconds, lastKnn));
            return new Result(step, stopped, seconds, lastKnn);
        } catch (RuntimeException e) {
            listener.onEvent(new TrainingEvent.Failed(step + 1, e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    private static List<NDArray> makeViews(NDManager scope, NDArray pixels, int[] idx, Random rng, ViewRecipe recipe,
                                           Normalization normalization, int count) {
        NDArray gathered = pixels.get(scope.create(idx));
        gathered.attach(scope);
        NDArray unit = Views.toUnit(gathered);
        int h = (int) pixels.getShape().get(2);
        int w = (int) pixels.getShape().get(3);
        List<NDArray> views = new ArrayList<>(count);
        for (int v = 0; v < count; v++) {
            List<ViewParams> params = Views.sample(rng, idx.length, h, w, recipe);
            views.add(normalization.apply(Views.make(unit, params, recipe)));
        }
        return views;
    }

    private double evaluate(KnnMonitor knn, TrainingModel model, ParameterStore parameters, Normalization normalization,
                            NDManager manager, int step) {
        double top1 = knn.evaluate(model.method().backbone(), parameters, normalization, config.imageSize(), manager);
        listener.onEvent(new TrainingEvent.Evaluated(step, top1, knn.bankSize(), knn.querySize()));
        return top1;
    }

    private void checkpoint(TrainingModel model, Normalization normalization, int step) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("normalization_mean", normalization.mean());
        state.put("normalization_std", normalization.std());
        java.nio.file.Path path = runDirectory.writeCheckpoint(step, model.networks(), state);
        listener.onEvent(new TrainingEvent.CheckpointWritten(step, path.toString()));
    }

    private static Map<String, Object> metrics(int step, int epoch, double loss, double lr) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("step", step);
        record.put("epoch", epoch);
        record.put("loss", loss);
        record.put("lr", lr);
        return record;
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
