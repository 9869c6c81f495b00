package org.contrastlab.core.train;

import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.ParamSpec;

/**
 * A {@link TrainConfig} as config.json keeps it: the flat names of every release so far
 * ({@code steps}, {@code learningRate}, {@code optimizer: "sgd"}, …), so that runs written before
 * still open and users' scripts that read config.json keep working. A field an older release
 * did not write comes back as Java's default (null: the configuration's own default).
 */
record StoredConfig(
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

    static StoredConfig of(TrainConfig c) {
        return new StoredConfig(c.data(), c.method(), c.backbone(), c.epochs(), c.steps(), c.batchSize(), c.imageSize(), c.seed(),
                c.learningRate(), c.momentum(), c.weightDecay(), c.warmupSteps(), c.temperature(), c.headHidden(), c.projectionDim(),
                c.colorStrength(), c.blur(), c.evalEvery(), c.knnK(), c.knnTemperature(), c.checkpointEvery(), c.storageSize(),
                c.views(), withChangedDefaults(c.method(), c.methodParams(), false), c.optimizer(), c.gradClip(), c.weightDecayEnd(),
                c.precision().id(), c.initFrom(), c.initEncoder());
    }

    /**
     * The settings with each one whose default changed between releases ({@link ParamSpec#earlierDefault})
     * filled in where absent: on writing with its present default, so that the run keeps it whatever
     * the next release's default; on reading with the earlier one, since only a run written before
     * the change left it out.
     */
    private static Map<String, Double> withChangedDefaults(String method, Map<String, Double> params, boolean reading) {
        Optional<MethodSpec> spec = method == null ? Optional.empty() : MethodSpec.find(method);
        if (spec.isEmpty()) {
            return params; // refused by the configuration's own check, named
        }
        Map<String, Double> out = new TreeMap<>(params == null ? Map.of() : params);
        for (ParamSpec p : spec.get().params()) {
            if (p.earlierDefault() != null) {
                out.putIfAbsent(p.name(), reading ? p.earlierDefault() : p.defaultValue());
            }
        }
        return out;
    }

    /** The configuration, validated as any other (an unknown optimizer or precision is refused, named). */
    TrainConfig toConfig() {
        TrainConfigBuilder b = new TrainConfigBuilder(TrainConfig.small(data == null ? "?" : data)).data(data).method(method)
                .backbone(backbone).epochs(epochs).steps(steps).batchSize(batchSize).imageSize(imageSize).seed(seed)
                .learningRate(learningRate).momentum(momentum).weightDecay(weightDecay).warmupSteps(warmupSteps)
                .temperature(temperature).headHidden(headHidden).projectionDim(projectionDim).colorStrength(colorStrength).blur(blur)
                .evalEvery(evalEvery).knnK(knnK).knnTemperature(knnTemperature).checkpointEvery(checkpointEvery)
                .storageSize(storageSize).views(views).methodParams(withChangedDefaults(method, methodParams, true))
                .optimizer(optimizer == null ? "sgd" : optimizer)
                .gradClip(gradClip).weightDecayEnd(weightDecayEnd).precision(precision == null ? TrainConfig.FP32 : precision)
                .initFrom(initFrom, initEncoder);
        return b.buildExactly();
    }

    /** Jackson's way in: config.json's flat form to the configuration. */
    static final class ToConfig extends StdConverter<StoredConfig, TrainConfig> {
        @Override
        public TrainConfig convert(StoredConfig value) {
            return value.toConfig();
        }
    }

    /** Jackson's way out: the configuration to config.json's flat form. */
    static final class FromConfig extends StdConverter<TrainConfig, StoredConfig> {
        @Override
        public StoredConfig convert(TrainConfig value) {
            return of(value);
        }
    }
}
