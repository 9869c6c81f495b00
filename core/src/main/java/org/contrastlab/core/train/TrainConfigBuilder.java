package org.contrastlab.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.ViewRecipe;

/** Changes a few fields of a configuration, e.g. {@code small(data).toBuilder().steps(300).build()}. */
public final class TrainConfigBuilder {
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
    private String initFrom;
    private String initEncoder;

    TrainConfigBuilder(TrainConfig c) {
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
        precision = c.precision().id();
        initFrom = c.initFrom();
        initEncoder = c.initEncoder();
    }

    /** {@code fp32}, or {@code fp16}: the networks compute in float16, weights and loss stay float32. */
    public TrainConfigBuilder precision(String value) {
        precision = value;
        return this;
    }

    /** {@code sgd}, {@code nesterov}, {@code lars} or {@code adamw}. */
    public TrainConfigBuilder optimizer(String value) {
        optimizer = value;
        return this;
    }

    /** The largest global gradient norm (0: no clipping). */
    public TrainConfigBuilder gradClip(double value) {
        gradClip = value;
        return this;
    }

    /** The weight decay at the end of a cosine schedule from {@code weightDecay} (negative: constant). */
    public TrainConfigBuilder weightDecayEnd(double value) {
        weightDecayEnd = value;
        return this;
    }

    /** The method's own settings by name ({@code contrastlab methods} lists them); absent ones take the method's defaults. */
    public TrainConfigBuilder methodParams(Map<String, Double> value) {
        methodParams = value;
        return this;
    }

    /** One method setting, e.g. {@code param("queue_size", 4096)}. */
    public TrainConfigBuilder param(String name, double value) {
        Map<String, Double> copy = new LinkedHashMap<>(methodParams == null ? Map.of() : methodParams);
        copy.put(name, value);
        methodParams = copy;
        return this;
    }

    /** The views of every step; null for SimCLR's CIFAR recipe built from imageSize, colorStrength and blur. */
    public TrainConfigBuilder views(ViewRecipe value) {
        views = value;
        return this;
    }

    public TrainConfigBuilder data(String value) {
        data = value;
        return this;
    }

    public TrainConfigBuilder method(String value) {
        method = value;
        return this;
    }

    public TrainConfigBuilder backbone(String value) {
        backbone = value;
        return this;
    }

    public TrainConfigBuilder epochs(int value) {
        epochs = value;
        return this;
    }

    public TrainConfigBuilder steps(int value) {
        steps = value;
        return this;
    }

    public TrainConfigBuilder batchSize(int value) {
        batchSize = value;
        return this;
    }

    public TrainConfigBuilder imageSize(int value) {
        imageSize = value;
        return this;
    }

    public TrainConfigBuilder seed(long value) {
        seed = value;
        return this;
    }

    public TrainConfigBuilder learningRate(double value) {
        learningRate = value;
        return this;
    }

    public TrainConfigBuilder momentum(double value) {
        momentum = value;
        return this;
    }

    public TrainConfigBuilder weightDecay(double value) {
        weightDecay = value;
        return this;
    }

    public TrainConfigBuilder warmupSteps(int value) {
        warmupSteps = value;
        return this;
    }

    public TrainConfigBuilder temperature(float value) {
        temperature = value;
        return this;
    }

    public TrainConfigBuilder headHidden(int value) {
        headHidden = value;
        return this;
    }

    public TrainConfigBuilder projectionDim(int value) {
        projectionDim = value;
        return this;
    }

    public TrainConfigBuilder colorStrength(double value) {
        colorStrength = value;
        return this;
    }

    public TrainConfigBuilder blur(boolean value) {
        blur = value;
        return this;
    }

    public TrainConfigBuilder evalEvery(int value) {
        evalEvery = value;
        return this;
    }

    public TrainConfigBuilder knnK(int value) {
        knnK = value;
        return this;
    }

    public TrainConfigBuilder knnTemperature(float value) {
        knnTemperature = value;
        return this;
    }

    public TrainConfigBuilder checkpointEvery(int value) {
        checkpointEvery = value;
        return this;
    }

    /** A weights file the backbone starts from (null: random initialisation), and which encoder of it (null: the published one). */
    public TrainConfigBuilder initFrom(String file, String encoder) {
        initFrom = file;
        initEncoder = encoder;
        return this;
    }

    public TrainConfigBuilder storageSize(int value) {
        storageSize = value;
        return this;
    }

    /**
     * The configuration, validated. Images are stored at least at the size the run trains at
     * (a 224 px run keeps 224 px images instead of scaling 64 px ones back up), so its views and
     * its evaluations see the real picture.
     */
    public TrainConfig build() {
        return make(Math.max(storageSize, imageSize));
    }

    /** The configuration with the storage size as given (a run folder's, read back as it was written). */
    TrainConfig buildExactly() {
        return make(storageSize);
    }

    private TrainConfig make(int storage) {
        // the names a user gives become enums here; an unknown one is listed with every other problem
        OptimizerKind kind = optimizer == null ? OptimizerKind.SGD : OptimizerKind.byId(optimizer).orElse(null);
        Precision mode = precision == null ? Precision.FP32 : Precision.byId(precision).orElse(null);
        List<String> names = new ArrayList<>();
        TrainConfig.check(names, kind != null, "--optimizer must be one of " + OptimizerKind.ids() + ", got '" + optimizer + "'");
        TrainConfig.check(names, mode != null, "--precision must be fp32 or fp16, got '" + precision + "'");
        TrainConfig c;
        try {
            c = new TrainConfig(data, method, backbone, new TrainConfig.Budget(epochs, steps, batchSize),
                    new TrainConfig.Images(imageSize, storage, colorStrength, blur, views), seed,
                    new TrainConfig.Optimization(kind == null ? OptimizerKind.SGD : kind, learningRate, momentum, weightDecay,
                            weightDecayEnd, warmupSteps, gradClip),
                    new TrainConfig.Heads(headHidden, projectionDim, temperature),
                    new TrainConfig.Evaluation(evalEvery, knnK, knnTemperature, checkpointEvery),
                    mode == null ? Precision.FP32 : mode, methodParams, initFrom, initEncoder);
        } catch (InvalidConfigException e) {
            if (names.isEmpty()) {
                throw e;
            }
            List<String> all = new ArrayList<>(e.problems());
            all.addAll(names);
            throw new InvalidConfigException(all);
        }
        if (!names.isEmpty()) {
            throw new InvalidConfigException(names);
        }
        return c;
    }
}
