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
        String precision,
        String initFrom,
        String initEncoder) {

    /** The most steps one run may take (a hundred million; an overflowing --epochs is refused, not wrapped round). */
    public static final int MAX_STEPS = 100_000_000;
    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";

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
        check(problems, batchSize >= 2 && batchSize <= 65536, "--batch-size must be within 2..65536 (contrast needs at least 2 images), "
                + "got " + batchSize);
        check(problems, imageSize >= 8 && imageSize <= 512, "--image-size must be within 8..512, got " + imageSize);
        check(problems, learningRate > 0 && learningRate < 100, "--lr must be positive and below 100, got " + learningRate);
        check(problems, momentum >= 0 && momentum < 1, "--momentum must be within [0, 1), got " + momentum);
        check(problems, weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be a finite number ≥ 0, got " + weightDecay);
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
        check(problems, gradClip >= 0 && Double.isFinite(gradClip), "--grad-clip must be a finite number ≥ 0 (0: no clipping), got "
                + gradClip);
        precision = precision == null ? FP32 : precision;
        check(problems, precision.equals(FP32) || precision.equals(FP16), "--precision must be fp32 or fp16, got '" + precision + "'");
        check(problems, weightDecayEnd < 0 || Double.isFinite(weightDecayEnd), // negative: no schedule (the default)
                "--weight-decay-end must be a finite number ≥ 0, got " + weightDecayEnd);
        if (problems.isEmpty()) {
            problems.addAll(MethodChecks.problems(method, backbone, methodParams, recipeOf(views, imageSize, colorStrength, blur),
                    batchSize, projectionDim));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
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
                0.3, 0.9, 5e-4, 20, 0.2f, 512, 128, 0.5, false, 0, 200, 0.1f, 100, 64, null, Map.of(), "sgd", 0, -1, FP32, null, null);
    }

    /** A builder that starts from this configuration; {@link TrainConfigBuilder#build()} validates the result. */
    public TrainConfigBuilder toBuilder() {
        return new TrainConfigBuilder(this);
    }

    /** The number of steps of this run for a training split of {@code trainSize} images. */
    public int totalSteps(int trainSize) {
        return steps > 0 ? steps : Math.toIntExact(Math.min(MAX_STEPS + 1L, (long) epochs * stepsPerEpoch(trainSize)));
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
     * anything is written: a batch larger than the split, too many steps, or what the method's
     * own checks refuse (InstDisc: more noise samples than the memory bank has other rows).
     */
    public void checkAgainst(int trainSize, String dataName) {
        List<String> problems = new ArrayList<>();
        check(problems, batchSize <= trainSize, "--batch-size " + batchSize + " is larger than the " + trainSize
                + " training images of " + dataName);
        long total = steps > 0 ? steps : (long) epochs * stepsPerEpoch(trainSize);
        check(problems, total <= MAX_STEPS, (steps > 0 ? "--steps " + steps : "--epochs " + epochs + " of " + dataName + " makes "
                + total + " steps of " + batchSize + " images, which") + " is over the limit of " + MAX_STEPS + " steps");
        MethodSpec.byId(method).check().data(resolvedParams(), trainSize, dataName, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** Adds {@code message} to {@code problems} unless {@code ok}. */
    static void check(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }
}
