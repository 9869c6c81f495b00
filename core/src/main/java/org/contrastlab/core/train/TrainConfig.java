package org.contrastlab.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.method.MethodOptions;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;

/**
 * The whole configuration of a run, written to {@code RUN_DIR/config.json}. Validated when
 * built: a bad value is refused before any training starts, with every problem listed.
 *
 * <p>Budget: {@code steps} when positive, else {@code epochs} passes over the training split.
 * Learning rate: {@code learningRate} at the end of {@code warmupSteps} of linear warm-up, then
 * cosine decay to 0 (SimCLR's schedule). Weight decay: {@code weightDecay}, or a cosine from it
 * to {@code weightDecayEnd} when that is not negative (DINO's schedule). {@code optimizer}:
 * SGD with momentum (plain or Nesterov), LARS or AdamW ({@code momentum} is AdamW's β1);
 * {@code gradClip} &gt; 0 clips the global gradient norm. {@code precision}: {@code fp32}, or
 * {@code fp16} for networks that compute in float16 over float32 weights ({@code HalfStore}).
 */
public record TrainConfig(
        String data,
        String method,
        String backbone,
        int epochs,
        int steps,
        int batchSize,
        int imageSize,
        long seed,
        double learningRate,
        double momentum,
        double weightDecay,
        int warmupSteps,
        float temperature,
        int headHidden,
        int projectionDim,
        double colorStrength,
        boolean blur,
        int evalEvery,
        int knnK,
        float knnTemperature,
        int checkpointEvery,
        int storageSize,
        ViewRecipe views,
        Map<String, Double> methodParams,
        String optimizer,
        double gradClip,
        double weightDecayEnd,
        String precision) {

    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";

    /** A float32 configuration (the fields before {@code precision} existed). */
    public TrainConfig(String data, String method, String backbone, int epochs, int steps, int batchSize, int imageSize,
                       long seed, double learningRate, double momentum, double weightDecay, int warmupSteps,
                       float temperature, int headHidden, int projectionDim, double colorStrength, boolean blur,
                       int evalEvery, int knnK, float knnTemperature, int checkpointEvery, int storageSize,
                       ViewRecipe views, Map<String, Double> methodParams, String optimizer, double gradClip,
                       double weightDecayEnd) {
        this(data, method, backbone, epochs, steps, batchSize, imageSize, seed, learningRate, momentum, weightDecay,
                warmupSteps, temperature, headHidden, projectionDim, colorStrength, blur, evalEvery, knnK, knnTemperature,
                checkpointEvery, storageSize, views, methodParams, optimizer, gradClip, weightDecayEnd, FP32);
    }

    public TrainConfig {
        List<String> problems = new ArrayList<>();
        if (data == null || data.isBlank()) {
            problems.add("no dataset (--data)");
        }
        try {
            MethodSpec.byId(method);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        try {
            BackboneSpec.byId(backbone);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        check(problems, epochs >= 0, "--epochs must be ≥ 0, got " + epochs);
        check(problems, steps >= 0, "--steps must be ≥ 0, got " + steps);
        check(problems, steps > 0 || epochs > 0, "give a budget: --steps or --epochs must be positive");
        check(problems, batchSize >= 2 && batchSize <= 65536, "--batch-size must be within 2..65536 (contrast needs at least 2 images), got " + batchSize);
        check(problems, imageSize >= 8 && imageSize <= 512, "--image-size must be within 8..512, got " + imageSize);
        check(problems, learningRate > 0 && learningRate < 100, "--lr must be positive and below 100, got " + learningRate);
        check(problems, momentum >= 0 && momentum < 1, "--momentum must be within [0, 1), got " + momentum);
        check(problems, weightDecay >= 0, "--weight-decay must be ≥ 0, got " + weightDecay);
        check(problems, warmupSteps >= 0, "--warmup-steps must be ≥ 0, got " + warmupSteps);
        check(problems, temperature > 0, "--temperature must be positive, got " + temperature);
        check(problems, headHidden > 0 && projectionDim > 0, "head widths must be positive");
        check(problems, colorStrength >= 0 && colorStrength <= 2, "--color-strength must be within 0..2, got " + colorStrength);
        check(problems, evalEvery >= 0, "--eval-every must be ≥ 0, got " + evalEvery);
        check(problems, knnK >= 1, "--k must be ≥ 1, got " + knnK);
        check(problems, knnTemperature > 0, "--knn-temperature must be positive, got " + knnTemperature);
        check(problems, checkpointEvery >= 0, "--checkpoint-every must be ≥ 0, got " + checkpointEvery);
        check(problems, storageSize >= 8 && storageSize <= 1024, "storage size must be within 8..1024, got " + storageSize);
        methodParams = methodParams == null ? Map.of() : Map.copyOf(new TreeMap<>(methodParams));
        optimizer = optimizer == null ? "sgd" : optimizer;
        check(problems, Optimizer.NAMES.contains(optimizer), "--optimizer must be one of " + Optimizer.NAMES + ", got '" + optimizer + "'");
        check(problems, gradClip >= 0, "--grad-clip must be ≥ 0 (0: no clipping), got " + gradClip);
        precision = precision == null ? FP32 : precision;
        check(problems, precision.equals(FP32) || precision.equals(FP16), "--precision must be fp32 or fp16, got '" + precision + "'");
        check(problems, weightDecayEnd < 0 || Double.isNaN(weightDecayEnd) || weightDecayEnd >= 0,
                "--weight-decay-end must be ≥ 0, got " + weightDecayEnd);
        if (problems.isEmpty()) {
            MethodSpec spec = MethodSpec.byId(method);
            problems.addAll(MethodParams.problems(spec, methodParams));
            if (problems.isEmpty() && method.equals("swav")) {
                int k = MethodParams.resolve(spec, methodParams).count("prototypes");
                check(problems, k > projectionDim, "--param prototypes=" + k + " must exceed the projection width " + projectionDim
                        + ": with fewer prototypes the embeddings can settle where every score is 0 and stop learning");
            }
            if (problems.isEmpty() && method.matches("moco-v[12]")) {
                int groups = MethodParams.resolve(spec, methodParams).count("split_bn");
                check(problems, batchSize % groups == 0, "--param split_bn=" + groups + " must divide --batch-size " + batchSize);
            }
            ViewRecipe recipe = recipeOf(views, imageSize, colorStrength, blur);
            if (recipe.viewCount() < spec.minViews() || recipe.viewCount() > spec.maxViews()) {
                problems.add(String.format(java.util.Locale.ROOT, "method %s takes %s views of each image; recipe '%s' makes %d",
                        method, spec.minViews() == spec.maxViews() ? String.valueOf(spec.minViews()) : spec.minViews() + " to " + spec.maxViews(),
                        recipe.name(), recipe.viewCount()));
            }
            if (problems.isEmpty()) {
                checkQueue(problems, method, MethodParams.resolve(spec, methodParams), recipe, batchSize);
                checkPatches(problems, backbone, recipe);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** A queue must hold at least the keys one step enqueues (MoCo: B or 2B; SimCLR v2's memory: B per global view). */
    private static void checkQueue(List<String> problems, String method, MethodParams params, ViewRecipe recipe, int batchSize) {
        int keys;
        if (method.matches("moco-v[12]")) {
            keys = batchSize * (params.flag("symmetric") ? 2 : 1);
        } else if (method.equals("simclr-v2") && params.flag("memory")) {
            keys = batchSize * recipe.globalViewCount();
        } else {
            return;
        }
        int queue = params.count("queue_size");
        check(problems, queue >= keys, "--param queue_size=" + queue + " must hold the " + keys
                + " keys one step enqueues (batch size × views enqueued)");
    }

    /** A ViT needs global views of whole patches and local views of at least one patch. */
    private static void checkPatches(List<String> problems, String backbone, ViewRecipe recipe) {
        if (!(BackboneSpec.byId(backbone).newBlock() instanceof org.contrastlab.core.model.vit.VisionTransformer vit)) {
            return;
        }
        int patch = vit.size().patch();
        int global = recipe.globalSize();
        check(problems, global % patch == 0, "--image-size " + global + " is not a multiple of " + backbone + "'s patch size " + patch
                + " (try " + Math.max(patch, global / patch * patch) + ")");
        for (var group : recipe.groups()) {
            check(problems, group.size() >= patch, "view size " + group.size() + " of recipe '" + recipe.name()
                    + "' is smaller than " + backbone + "'s patch size " + patch);
        }
    }

    /**
     * The views a step makes: {@code views} when the run names a recipe, else SimCLR's CIFAR
     * recipe at {@code imageSize} with {@code colorStrength} and {@code blur}.
     */
    public ViewRecipe viewRecipe() {
        return recipeOf(views, imageSize, colorStrength, blur);
    }

    private static ViewRecipe recipeOf(ViewRecipe views, int imageSize, double colorStrength, boolean blur) {
        return views != null ? views
                : ViewRecipe.of("simclr-cifar", "SimCLR's CIFAR views", ViewGroup.simclr(imageSize, colorStrength, blur));
    }

    /**
     * The small preset: SimCLR's CIFAR recipe scaled to a laptop CPU (batch 256 at 32 px,
     * colour strength 0.5, no blur, SGD with momentum 0.9 and weight decay 5e-4), with a
     * budget of 200 steps (about 5 minutes on 2 cores). Temperature 0.2 rather than the CIFAR
     * recipe's 0.5: in 100-step runs on the CIFAR subset it reached kNN 0.405 against 0.391
     * (τ 0.5, lr 0.6) and 0.403 (τ 0.1).
     */
    public static TrainConfig small(String data) {
        return new TrainConfig(data, "simclr", "convnet-small", 0, 200, 256, 32, 42,
                0.3, 0.9, 5e-4, 20, 0.2f, 512, 128, 0.5, false, 0, 200, 0.1f, 100, 64, null, Map.of(), "sgd", 0, -1);
    }

    /** A builder that starts from this configuration; {@link Builder#build()} validates the result. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few fields of a configuration, e.g. {@code small(data).toBuilder().steps(300).build()}. */
    public static final class Builder {
        private String data;
        private String method;
        private String backbone;
        private int epochs;
        private int steps;
        private int batchSize;
        private int imageSize;
        private long seed;
        private double learningRate;
        private double momentum;
        private double weightDecay;
        private int warmupSteps;
        private float temperature;
        private int headHidden;
        private int projectionDim;
        private double colorStrength;
        private boolean blur;
        private int evalEvery;
        private int knnK;
        private float knnTemperature;
        private int checkpointEvery;
        private int storageSize;
        private ViewRecipe views;
        private Map<String, Double> methodParams;
        private String optimizer;
        private double gradClip;
        private double weightDecayEnd;
        private String precision;

        private Builder(TrainConfig c) {
            data = c.data();
            method = c.method();
            backbone = c.backbone();
            epochs = c.epochs();
            steps = c.steps();
            batchSize = c.batchSize();
            imageSize = c.imageSize();
            seed = c.seed();
            learningRate = c.learningRate();
            momentum = c.momentum();
            weightDecay = c.weightDecay();
            warmupSteps = c.warmupSteps();
            temperature = c.temperature();
            headHidden = c.headHidden();
            projectionDim = c.projectionDim();
            colorStrength = c.colorStrength();
            blur = c.blur();
            evalEvery = c.evalEvery();
            knnK = c.knnK();
            knnTemperature = c.knnTemperature();
            checkpointEvery = c.checkpointEvery();
            storageSize = c.storageSize();
            views = c.views();
            methodParams = c.methodParams();
            optimizer = c.optimizer();
            gradClip = c.gradClip();
            weightDecayEnd = c.weightDecayEnd();
            precision = c.precision();
        }

        /** {@code fp32}, or {@code fp16}: the networks compute in float16, weights and loss stay float32. */
        public Builder precision(String value) {
            precision = value;
            return this;
        }

        /** {@code sgd}, {@code nesterov}, {@code lars} or {@code adamw}. */
        public Builder optimizer(String value) {
            optimizer = value;
            return this;
        }

        /** The largest global gradient norm (0: no clipping). */
        public Builder gradClip(double value) {
            gradClip = value;
            return this;
        }

        /** The weight decay at the end of a cosine schedule from {@code weightDecay} (negative: constant). */
        public Builder weightDecayEnd(double value) {
            weightDecayEnd = value;
            return this;
        }

        /** The method's own settings by name ({@code contrastlab methods} lists them); absent ones take the method's defaults. */
        public Builder methodParams(Map<String, Double> value) {
            methodParams = value;
            return this;
        }

        /** One method setting, e.g. {@code param("queue_size", 4096)}. */
        public Builder param(String name, double value) {
            Map<String, Double> copy = new java.util.LinkedHashMap<>(methodParams == null ? Map.of() : methodParams);
            copy.put(name, value);
            methodParams = copy;
            return this;
        }

        /** The views of every step; null for SimCLR's CIFAR recipe built from imageSize, colorStrength and blur. */
        public Builder views(ViewRecipe value) {
            views = value;
            return this;
        }

        public Builder data(String value) {
            data = value;
            return this;
        }

        public Builder method(String value) {
            method = value;
            return this;
        }

        public Builder backbone(String value) {
            backbone = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder imageSize(int value) {
            imageSize = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        public Builder temperature(float value) {
            temperature = value;
            return this;
        }

        public Builder headHidden(int value) {
            headHidden = value;
            return this;
        }

        public Builder projectionDim(int value) {
            projectionDim = value;
            return this;
        }

        public Builder colorStrength(double value) {
            colorStrength = value;
            return this;
        }

        public Builder blur(boolean value) {
            blur = value;
            return this;
        }

        public Builder evalEvery(int value) {
            evalEvery = value;
            return this;
        }

        public Builder knnK(int value) {
            knnK = value;
            return this;
        }

        public Builder knnTemperature(float value) {
            knnTemperature = value;
            return this;
        }

        public Builder checkpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        public Builder storageSize(int value) {
            storageSize = value;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(data, method, backbone, epochs, steps, batchSize, imageSize, seed, learningRate,
                    momentum, weightDecay, warmupSteps, temperature, headHidden, projectionDim, colorStrength, blur,
                    evalEvery, knnK, knnTemperature, checkpointEvery, storageSize, views, methodParams, optimizer, gradClip, weightDecayEnd,
                    precision);
        }
    }

    /** The number of steps of this run for a training split of {@code trainSize} images. */
    public int totalSteps(int trainSize) {
        return steps > 0 ? steps : epochs * stepsPerEpoch(trainSize);
    }

    public int stepsPerEpoch(int trainSize) {
        return Math.max(1, trainSize / batchSize);
    }

    public MethodOptions methodOptions() {
        return new MethodOptions(headHidden, projectionDim, temperature);
    }

    /** The method's settings: those given in {@link #methodParams} over the method's defaults. */
    public MethodParams resolvedParams() {
        return MethodParams.resolve(MethodSpec.byId(method), methodParams);
    }

    /**
     * Refuses this configuration for a training split of {@code trainSize} images, before
     * anything is written: a batch larger than the split, or (InstDisc) more noise samples than
     * the memory bank has other rows.
     */
    public void checkAgainst(int trainSize, String dataName) {
        List<String> problems = new ArrayList<>();
        check(problems, batchSize <= trainSize, "--batch-size " + batchSize + " is larger than the " + trainSize
                + " training images of " + dataName);
        if (method.equals("instdisc")) {
            int k = resolvedParams().count("negatives");
            check(problems, k < trainSize, "--param negatives=" + k + ": InstDisc's memory bank holds the " + trainSize
                    + " training images of " + dataName + "; draw fewer noise samples than that");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static void check(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }
}
