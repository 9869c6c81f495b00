package org.contrastlab.app.train;

import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;

/**
 * The dashboard's next configuration when its method or backbone changes: the method's preset
 * for that backbone on the dashboard's data (its views, temperature, heads, learning rate and
 * settings; on sample:shapes DINO takes other views with a ViT), keeping the dashboard's
 * evaluation cadence, seed and starting weights, and its budget unless that is the current
 * preset's own (then the new preset's: on sample:shapes each method's and backbone's own).
 */
final class NextRunPreset {
    private NextRunPreset() {
    }

    /**
     * The backbone of the next runs with {@code method}: the one the method was made for (MoBY's
     * Swin), else the dashboard's, unless that came from the previous method's own preset.
     */
    static String backboneFor(TrainConfig config, String method) {
        TrainConfig preset = MethodPresets.small(method, config.data());
        if (MethodSpec.byId(method).preset().backbone() != null) {
            return preset.backbone();
        }
        String before = MethodSpec.byId(config.method()).preset().backbone();
        return config.backbone().equals(before) ? preset.backbone() : config.backbone();
    }

    /** {@code config} with {@code method} and {@code backbone}; refuses (IllegalArgumentException) what cannot train. */
    static TrainConfig of(TrainConfig config, String method, String backbone) {
        TrainConfig preset = MethodPresets.small(method, config.data(), backbone);
        TrainConfig current = MethodPresets.small(config.method(), config.data(), config.backbone());
        boolean presetBudget = current.steps() == config.steps() && current.batchSize() == config.batchSize()
                && current.epochs() == config.epochs();
        TrainConfig budget = presetBudget ? preset : config;
        return preset.toBuilder().steps(budget.steps()).epochs(budget.epochs()).batchSize(budget.batchSize())
                .backbone(backbone).evalEvery(config.evalEvery()).checkpointEvery(config.checkpointEvery())
                .seed(config.seed()).storageSize(config.storageSize()).initFrom(config.initFrom(), config.initEncoder()).build();
    }
}
