package org.contrastlab.core.train;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.method.MethodOptions;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;

/**
 * The whole configuration of a run, written to {@code RUN_DIR/config.json}. Validated when
 * built: a bad value is refused before any training starts, with every problem listed.
 *
 * <p>Grouped as the run uses it: its {@link Budget} ({@code steps} when positive, else
 * {@code epochs} passes over the training split, of {@code batchSize} images), its
 * {@link Images} (the size it trains at, the size images are stored at, the views), its
 * {@link Optimization} (learning rate at the end of {@code warmupSteps} of linear warm-up, then
 * cosine decay to 0, SimCLR's schedule; weight decay, or a cosine from it to
 * {@code weightDecayEnd} when that is not negative, DINO's schedule; SGD with momentum, plain
 * or Nesterov, LARS or AdamW, {@code momentum} being AdamW's β1; {@code gradClip} &gt; 0 clips
 * the global gradient norm), its {@link Heads}, its {@link Evaluation} and checkpoint cadence,
 * and its {@link Precision}. config.json keeps the flat form of earlier releases
 * ({@link StoredConfig}), so that runs written before open and users' scripts read the same
 * names; the accessors of the flat names ({@link #steps()}, {@link #learningRate()}, …) remain.
 */
@JsonSerialize(converter = StoredConfig.FromConfig.class)
@JsonDeserialize(converter = StoredConfig.ToConfig.class)
public record TrainConfig(
        String data,
        String method,
        String backbone,
        Budget budget,
        Images images,
        long seed,
        Optimization optimization,
        Heads heads,
        Evaluation evaluation,
        Precision precision,
        Map<String, Double> methodParams,
        String initFrom,
        String initEncoder) {

    /** The most steps one run may take (a hundred million; an overflowing --epochs is refused, not wrapped round). */
    public static final int MAX_STEPS = 100_000_000;
    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";

    /** How long a run trains: {@code steps} when positive, else {@code epochs}; {@code batchSize} images a step. */
    public record Budget(int epochs, int steps, int batchSize) {
    }

    /**
     * The pictures: the size the network trains at, the size images are stored at, and the
     * views (null: SimCLR's CIFAR recipe at {@code imageSize} with {@code colorStrength} and {@code blur}).
     */
    public record Images(int imageSize, int storageSize, double colorStrength, boolean blur, ViewRecipe views) {
    }

    /** The optimizer and its schedules ({@code weightDecayEnd} negative: a constant weight decay). */
    public record Optimization(OptimizerKind optimizer, double learningRate, double momentum, double weightDecay,
                               double weightDecayEnd, int warmupSteps, double gradClip) {
    }

    /** The heads' widths and the contrastive temperature. */
    public record Heads(int hidden, int projectionDim, float temperature) {
    }

    /**
     * kNN evaluation every {@code evalEvery} steps ({@code knnK} neighbours, {@code knnTemperature}),
     * checkpoints every {@code checkpointEvery}.
     */
    public record Evaluation(int evalEvery, int knnK, float knnTemperature, int checkpointEvery) {
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
        if (budget == null || images == null || optimization == null || heads == null || evaluation == null) {
            throw new IllegalArgumentException("a configuration needs its budget, images, optimization, heads and evaluation");
        }
        int epochs = budget.epochs();
        int steps = budget.steps();
        int batchSize = budget.batchSize();
        int imageSize = images.imageSize();
        check(problems, epochs >= 0, "--epochs must be ≥ 0, got " + epochs);
        check(problems, steps >= 0, "--steps must be ≥ 0, got " + steps);
        check(problems, steps > 0 || epochs > 0, "give a budget: --steps or --epochs must be positive");
        check(problems, batchSize >= 2 && batchSize <= 65536, "--batch-size must be within 2..65536 (contrast needs at least 2 images), "
                + "got " + batchSize);
        check(problems, imageSize >= 8 && imageSize <= 512, "--image-size must be within 8..512, got " + imageSize);
        double learningRate = optimization.learningRate();
        double momentum = optimization.momentum();
        double weightDecay = optimization.weightDecay();
        check(problems, learningRate > 0 && learningRate < 100, "--lr must be positive and below 100, got " + learningRate);
        check(problems, momentum >= 0 && momentum < 1, "--momentum must be within [0, 1), got " + momentum);
        check(problems, weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be a finite number ≥ 0, got " + weightDecay);
        check(problems, optimization.warmupSteps() >= 0, "--warmup-steps must be ≥ 0, got " + optimization.warmupSteps());
        check(problems, heads.temperature() > 0, "--temperature must be positive, got " + heads.temperature());
        check(problems, heads.hidden() > 0 && heads.projectionDim() > 0, "head widths must be positive");
        check(problems, images.colorStrength() >= 0 && images.colorStrength() <= 2, "--color-strength must be within 0..2, got "
                + images.colorStrength());
        check(problems, evaluation.evalEvery() >= 0, "--eval-every must be ≥ 0, got " + evaluation.evalEvery());
        check(problems, evaluation.knnK() >= 1, "--k must be ≥ 1, got " + evaluation.knnK());
        check(problems, evaluation.knnTemperature() > 0, "--knn-temperature must be positive, got " + evaluation.knnTemperature());
        check(problems, evaluation.checkpointEvery() >= 0, "--checkpoint-every must be ≥ 0, got " + evaluation.checkpointEvery());
        check(problems, images.storageSize() >= 8 && images.storageSize() <= 1024, "storage size must be within 8..1024, got "
                + images.storageSize());
        methodParams = methodParams == null ? Map.of() : Map.copyOf(new TreeMap<>(methodParams));
        if (optimization.optimizer() == null) {
            optimization = new Optimization(OptimizerKind.SGD, learningRate, momentum, weightDecay, optimization.weightDecayEnd(),
                    optimization.warmupSteps(), optimization.gradClip());
        }
        double gradClip = optimization.gradClip();
        check(problems, gradClip >= 0 && Double.isFinite(gradClip), "--grad-clip must be a finite number ≥ 0 (0: no clipping), got "
                + gradClip);
        precision = precision == null ? Precision.FP32 : precision;
        double weightDecayEnd = optimization.weightDecayEnd();
        check(problems, weightDecayEnd < 0 || Double.isFinite(weightDecayEnd), // negative: no schedule (the default)
                "--weight-decay-end must be a finite number ≥ 0, got " + weightDecayEnd);
        if (problems.isEmpty()) {
            problems.addAll(MethodChecks.problems(method, backbone, methodParams, recipeOf(images),
                    batchSize, heads.projectionDim()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    public int epochs() {
        return budget.epochs();
    }

    public int steps() {
        return budget.steps();
    }

    public int batchSize() {
        return budget.batchSize();
    }

    public int imageSize() {
        return images.imageSize();
    }

    public int storageSize() {
        return images.storageSize();
    }

    public double colorStrength() {
        return images.colorStrength();
    }

    public boolean blur() {
        return images.blur();
    }

    /** The recipe the run names, or null for SimCLR's CIFAR recipe ({@link #viewRecipe()} gives the views either way). */
    public ViewRecipe views() {
        return images.views();
    }

    /** The optimizer's name, as config.json and the command line give it ({@code optimization().optimizer()}: the kind). */
    public String optimizer() {
        return optimization.optimizer().id();
    }

    public double learningRate() {
        return optimization.learningRate();
    }

    public double momentum() {
        return optimization.momentum();
    }

    public double weightDecay() {
        return optimization.weightDecay();
    }

    public double weightDecayEnd() {
        return optimization.weightDecayEnd();
    }

    public int warmupSteps() {
        return optimization.warmupSteps();
    }

    public double gradClip() {
        return optimization.gradClip();
    }

    public float temperature() {
        return heads.temperature();
    }

    public int headHidden() {
        return heads.hidden();
    }

    public int projectionDim() {
        return heads.projectionDim();
    }

    public int evalEvery() {
        return evaluation.evalEvery();
    }

    public int knnK() {
        return evaluation.knnK();
    }

    public float knnTemperature() {
        return evaluation.knnTemperature();
    }

    public int checkpointEvery() {
        return evaluation.checkpointEvery();
    }

    /**
     * The views a step makes: {@code views} when the run names a recipe, else SimCLR's CIFAR
     * recipe at {@code imageSize} with {@code colorStrength} and {@code blur}.
     */
    public ViewRecipe viewRecipe() {
        return recipeOf(images);
    }

    private static ViewRecipe recipeOf(Images images) {
        return images.views() != null ? images.views()
                : ViewRecipe.of("simclr-cifar", "SimCLR's CIFAR views", ViewGroup.simclr(images.imageSize(), images.colorStrength(),
                        images.blur()));
    }

    /**
     * The small preset: SimCLR's CIFAR recipe scaled to a laptop CPU (batch 256 at 32 px,
     * colour strength 0.5, no blur, SGD with momentum 0.9 and weight decay 5e-4), with a
     * budget of 200 steps (about 5 minutes on 2 cores). Temperature 0.2 rather than the CIFAR
     * recipe's 0.5: in 100-step runs on the CIFAR subset it reached kNN 0.405 against 0.391
     * (τ 0.5, lr 0.6) and 0.403 (τ 0.1).
     */
    public static TrainConfig small(String data) {
        return new TrainConfig(data, "simclr", "convnet-small", new Budget(0, 200, 256), new Images(32, 64, 0.5, false, null), 42,
                new Optimization(OptimizerKind.SGD, 0.3, 0.9, 5e-4, -1, 20, 0), new Heads(512, 128, 0.2f),
                new Evaluation(0, 200, 0.1f, 100), Precision.FP32, Map.of(), null, null);
    }

    /** A builder that starts from this configuration; {@link TrainConfigBuilder#build()} validates the result. */
    public TrainConfigBuilder toBuilder() {
        return new TrainConfigBuilder(this);
    }

    /** The number of steps of this run for a training split of {@code trainSize} images. */
    public int totalSteps(int trainSize) {
        return steps() > 0 ? steps() : Math.toIntExact(Math.min(MAX_STEPS + 1L, (long) epochs() * stepsPerEpoch(trainSize)));
    }

    public int stepsPerEpoch(int trainSize) {
        return Math.max(1, trainSize / batchSize());
    }

    public MethodOptions methodOptions() {
        return new MethodOptions(heads.hidden(), heads.projectionDim(), heads.temperature());
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
        checkAgainst(trainSize, null, dataName);
    }

    /** As {@link #checkAgainst(int, String)}, and the method's checks of the images themselves (CMC: colour). */
    public void checkAgainst(ImageStore train, String dataName) {
        checkAgainst(train.size(), train, dataName);
    }

    private void checkAgainst(int trainSize, ImageStore train, String dataName) {
        List<String> problems = new ArrayList<>();
        int batchSize = batchSize();
        int steps = steps();
        check(problems, batchSize <= trainSize, "--batch-size " + batchSize + " is larger than the " + trainSize
                + " training images of " + dataName);
        long total = steps > 0 ? steps : (long) epochs() * stepsPerEpoch(trainSize);
        check(problems, total <= MAX_STEPS, (steps > 0 ? "--steps " + steps : "--epochs " + epochs() + " of " + dataName + " makes "
                + total + " steps of " + batchSize + " images, which") + " is over the limit of " + MAX_STEPS + " steps");
        MethodSpec.byId(method).check().data(resolvedParams(), trainSize, dataName, problems);
        if (train != null) {
            MethodSpec.byId(method).check().images(resolvedParams(), train, dataName, problems);
        }
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
