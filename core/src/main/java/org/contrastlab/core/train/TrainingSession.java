package org.contrastlab.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.attention.AttentionScore;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Seeds;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.HalfStore;
import org.contrastlab.core.eval.Embedder;
import org.contrastlab.core.eval.KnnMonitor;
import org.contrastlab.core.inspect.StepInspection;
import org.contrastlab.core.inspect.StepInspector;
import org.contrastlab.core.method.SslMethod;
import org.contrastlab.core.method.StepInput;
import org.contrastlab.core.model.vit.VisionTransformer;

/**
 * The state of one run while it trains: the networks, the optimizer and schedule, the
 * dataset's pixels on the device, the seeded view generator and the kNN monitor, all owned by
 * the run's memory manager. {@link #step} does one optimizer step inside its own memory scope.
 */
final class TrainingSession implements AutoCloseable {
    private final TrainConfig config;
    private String initialised;
    private final DatasetSplits data;
    private final NDManager runManager;
    private final TrainingModel model;
    private final ParameterStore parameters;
    /** The step's float16 weights ({@code --precision fp16}); null in float32. */
    private final HalfStore half;
    private final LossScaler scaler;
    private final Normalization normalization;
    /** The normalisation's mean and std on the device, made once (not copied there every step). */
    private final Normalization.OnDevice normalize;
    private final NDArray pixels;
    /** The held-out images on the device, for kNN; made at the first evaluation. */
    private NDArray queryPixels;
    private final Optimizer optimizer;
    private final StepReadback readback = new StepReadback();
    /** Read each step's loss at once (1), or keep it on the device and read every N steps together. */
    private int syncEvery = 1;
    private final DivergenceGuard guard = new DivergenceGuard();
    private StepTrace trace;
    /** A ViT's first trained layer, whose gradient norm shows MoCo v3's instability; null for other backbones. */
    private final Block firstLayer;
    private final DeviceValue firstLayerGradNorm = new DeviceValue();
    private final WarmupCosineSchedule schedule;
    /** The weight decay's cosine (no warm-up), or null when it is constant. */
    private final WarmupCosineSchedule weightDecay;
    private final KnnMonitor knn;
    private final ViewRecipe recipe;
    private final int stepsPerEpoch;
    private int[] order;
    private int orderEpoch = -1;

    private final Probes probes;

    /**
     * What tests change in a session, given to it (never static): {@code betweenForwardAndBackward}
     * runs after each step's forward pass, before its backward pass (tests put a garbage collection
     * there, which must not change the gradients: {@code Scalars}); {@code firstLossScale} is the
     * loss scale a float16 run starts from (tests lower it to compare a first step that does not
     * overflow).
     */
    record Probes(Runnable betweenForwardAndBackward, float firstLossScale) {
        static final Probes NONE = new Probes(() -> { }, LossScaler.INITIAL);
    }

    TrainingSession(TrainConfig config, DatasetSplits data, Device device) {
        this(config, data, device, Probes.NONE);
    }

    TrainingSession(TrainConfig config, DatasetSplits data, Device device, Probes probes) {
        this.probes = probes;
        this.config = config;
        this.data = data;
        int total = config.totalSteps(data.train().size());
        this.stepsPerEpoch = config.stepsPerEpoch(data.train().size());
        Engine.getInstance().setRandomSeed((int) config.seed());
        this.recipe = config.viewRecipe();
        recipe.checkAgainst(data.train().height(), data.train().width(), data.name());
        this.runManager = NDManager.newBaseManager(device);
        try {
            this.normalization = Normalization.named(recipe.normalization(), data.train());
            this.model = TrainingModel.create(config, runManager, data.train().size(), normalization);
            this.parameters = new ParameterStore(runManager, false);
            this.half = config.precision() == Precision.FP16 ? new HalfStore(runManager, model.networks().values()) : null;
            this.scaler = half != null ? new LossScaler(runManager, probes.firstLossScale()) : null;
            this.firstLayer = model.method().backbone() instanceof VisionTransformer vit
                    ? vit.firstTrainableLayer() : null;
            this.normalize = normalization.on(runManager);
            this.pixels = data.train().toNDArray(runManager);
            this.optimizer = Optimizer.create(config.optimization().optimizer(), model.method().trainableBlocks(),
                    model.method().fixedLearningRate(), runManager, config.momentum());
            this.schedule = new WarmupCosineSchedule(config.learningRate(), 0, Math.min(config.warmupSteps(), total / 2), total);
            this.weightDecay = config.weightDecayEnd() >= 0
                    ? new WarmupCosineSchedule(config.weightDecay(), config.weightDecayEnd(), 0, total) : null;
            this.knn = data.hasLabelledTest() && data.train().isLabelled()
                    ? new KnnMonitor(data.train(), data.test(), config.knnK(), config.knnTemperature()) : null;
        } catch (RuntimeException e) {
            runManager.close();
            throw e;
        }
    }

    /** Lets the method look at the training set through its untrained networks (a new run only). */
    /** A new run's start: the backbone from {@code --init-from} if given, then the method's own preparation. */
    void prepare() {
        if (config.initFrom() != null) {
            initialised = BackboneInit.apply(Path.of(config.initFrom()), config.initEncoder(), model, runManager);
        }
        model.method().prepare((chain, manager) -> {
            SequentialBlock blocks = new SequentialBlock();
            chain.forEach(blocks::add);
            return new Embedder(blocks, parameters, normalization, config.imageSize(), 256).embed(data.train(), manager);
        }, runManager);
    }

    boolean canEvaluate() {
        return knn != null;
    }

    int epochOf(int step) {
        return step / stepsPerEpoch;
    }

    double learningRate(int step) {
        return schedule.at(step);
    }

    /**
     * Reads the steps' losses every {@code n} steps instead of after each one ({@link #drain}).
     * With 1, a step whose loss or gradient is not finite is stopped before it updates anything;
     * with more, such a step is found when its steps are read back.
     */
    /** Shows every step's inputs and results to {@code t} (a replay's trace); it reads each step's loss at once. */
    void trace(StepTrace t) {
        this.trace = t;
    }

    void syncEvery(int n) {
        this.syncEvery = Math.max(1, n);
    }

    /**
     * One optimizer step (0-based {@code step}). All its randomness (the epoch's order, the
     * views, the method's random ops) derives from the seed and the step, so a resumed run
     * takes the steps an uninterrupted one would have. Its loss and gradient norm are read with
     * {@link #drain}: at once when reading every step, else later, together with other steps'.
     */
    void step(int step) {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
        double lr = schedule.at(step);
        SslMethod method = model.method();
        boolean now = syncEvery == 1;
        try (NDManager scope = runManager.newSubManager()) {
            StepBatch batch = batchOf(step, scope);
            StepInput input = new StepInput(half != null ? half : parameters, batch.views(), batch.indices(), step, scope);
            if (trace != null) {
                trace.before(step, batch.views(), lr, weightDecay(step), method.trainableBlocks());
            }
            NDArray lossArray;
            double loss = Double.NaN;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                if (half != null) {
                    half.refresh(scope);
                }
                lossArray = method.loss(input);
                if (now) {
                    loss = lossArray.getFloat();
                    guard.checkLoss(loss, step + 1, lr);
                }
                probes.betweenForwardAndBackward().run();
                collector.backward(half != null ? scaler.scaled(lossArray) : lossArray);
            }
            if (half != null) {
                scaler.unscale(method.trainableBlocks(), scope);
            }
            NDArray norm = GradientClipping.norm(method.trainableBlocks(), scope);
            if (firstLayer != null) {
                firstLayerGradNorm.set(GradientClipping.norm(List.of(firstLayer), scope));
            }
            if (now) {
                double value = norm.getFloat();
                DivergenceGuard.checkFinite("the gradient norm", value, step + 1, lr);
                readback.add(step, loss, value);
            } else {
                readback.add(step, lossArray.stopGradient(), norm);
            }
            if (config.gradClip() > 0) {
                GradientClipping.clip(method.trainableBlocks(), norm, config.gradClip(), scope);
            }
            optimizer.step(lr, config.learningRate(), weightDecay(step), method.frozenAt(step), scope);
            method.afterUpdate(input);
            if (trace != null) {
                trace.after(step, lossArray.getFloat(), method.trainableBlocks());
            }
        }
    }

    /** The batch of step {@code step}: the epoch's order and the step's views, the same each time it is asked for. */
    private StepBatch batchOf(int step, NDManager scope) {
        int pos = step % stepsPerEpoch;
        int epoch = step / stepsPerEpoch;
        if (epoch != orderEpoch) {
            order = Seeds.permutation(data.train().size(), Seeds.random(config.seed(), -1L - epoch));
            orderEpoch = epoch;
        }
        Random rng = Seeds.random(config.seed(), step);
        int[] idx = Arrays.copyOfRange(order, pos * config.batchSize(), (pos + 1) * config.batchSize());
        return StepBatch.make(scope, pixels, idx, rng, recipe, normalize);
    }

    /**
     * The step {@code step} (0-based) about to be taken, as the step-through view shows it: its
     * views, remade exactly as the step will make them, through the networks as they are now.
     * Nothing of the run changes.
     */
    StepInspection inspect(int step, int images) {
        try (NDManager scope = runManager.newSubManager()) {
            StepBatch batch = batchOf(step, scope);
            StepInput input = new StepInput(parameters, batch.views(), batch.indices(), step, scope);
            return StepInspector.inspect(config.method(), model.method(), input, normalization, config.temperature(), images);
        }
    }

    /**
     * The figures of the steps taken since the last call, in order, read back in one transfer
     * and checked: a loss or gradient norm that is not finite, or an exploding loss, throws a
     * {@link DivergenceException} naming its step.
     */
    List<StepReadback.Values> drain() {
        List<StepReadback.Values> values = readback.drain();
        if (syncEvery > 1) {
            for (StepReadback.Values v : values) {
                guard.checkLoss(v.loss(), v.step() + 1, schedule.at(v.step()));
                DivergenceGuard.checkFinite("the gradient norm", v.gradNorm(), v.step() + 1, schedule.at(v.step()));
            }
        }
        return values;
    }

    /** The weight decay of a step: constant, or DINO's cosine from the start value to the end one. */
    double weightDecay(int step) {
        return weightDecay == null ? config.weightDecay() : weightDecay.at(step);
    }

    /**
     * The method's own curves after the last step (and a ViT's first-layer gradient norm); the
     * global gradient norm of every step comes with its loss ({@link #drain}).
     */
    Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>(model.method().monitors());
        if (scaler != null) {
            out.put("loss_scale", scaler.current());
        }
        if (firstLayer != null) {
            out.put("first_layer_grad_norm", firstLayerGradNorm.get());
        }
        return out;
    }

    /** The backbone as it is now, for observers between steps. */
    StepObserver.LiveModel live() {
        return new StepObserver.LiveModel(model.method().backbone(), parameters, normalization, runManager);
    }

    /** kNN top-1 of the backbone now, on the training split (already on the device) and the held-out one (put there once). */
    double evaluate() {
        if (queryPixels == null) {
            queryPixels = data.test().toNDArray(runManager);
        }
        return knn.evaluate(model.method().backbone(), parameters, normalization, config.imageSize(), pixels, queryPixels, runManager);
    }

    /** Held-out images whose attention is scored at each evaluation (as `eval attention --limit 300`). */
    static final int ATTENTION_IMAGES = 300;

    /**
     * The best head's attention Jaccard of a ViT backbone now, the last block's CLS attention
     * against the object masks of the first {@link #ATTENTION_IMAGES} held-out images (mask
     * keeping 60 % of the mass, as {@code contrastlab eval attention}); NaN for other backbones
     * or data without masks.
     */
    double attentionScore() {
        if (!(model.method().backbone() instanceof VisionTransformer vit)
                || data.test() == null || !data.test().hasMasks()) {
            return Double.NaN;
        }
        try (NDManager scope = runManager.newSubManager()) {
            return AttentionScore.evaluate(new AttentionReader(vit, parameters),
                    normalization, data.test(), config.imageSize(), -1, 0.6, ATTENTION_IMAGES, scope).bestHeadJaccard();
        }
    }

    int bankSize() {
        return knn.bankSize();
    }

    int querySize() {
        return knn.querySize();
    }

    /** Writes a checkpoint of the whole state ({@link CheckpointState#write}); the step is the number of steps done. */
    Path checkpoint(RunDirectory run, int step) {
        return CheckpointState.write(run, step, model, normalization, optimizer, scaler);
    }

    /** Puts the state of {@code checkpoint} back into this session, in place; returns the number of steps it had done. */
    /** What {@code --init-from} loaded, or null. */
    String initialised() {
        return initialised;
    }

    int restore(Path checkpoint) {
        return CheckpointState.restore(checkpoint, model, optimizer, scaler, runManager);
    }

    @Override
    public void close() {
        readback.close();
        runManager.close();
    }
}
