package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.TestData;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.method.MethodSpec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every registered method, from its small preset scaled down (tiny ConvNet, batch 32), takes
 * a few steps on real CIFAR-10 images: finite losses, the method's monitors reported every
 * step, and kNN evaluated at the end. That it learns is {@code MethodsLearnTest}'s job.
 */
class EveryMethodStepsTest {
    private static DatasetSplits cifar;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(256), full.test().head(100));
    }

    /** The steps of a run of {@code config} on the CIFAR subset, as its events reported them. */
    private static List<TrainingEvent.StepCompleted> train(TrainConfig config) {
        List<TrainingEvent.StepCompleted> steps = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                steps.add(s);
            }
        }, Device.cpu()).run(() -> false);
        return steps;
    }

    static List<String> methods() {
        return MethodSpec.all().stream().map(MethodSpec::id).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "byol", "swav", "dino"})
    void trainsWithMultiCrop(String method) {
        // SwAV's CIFAR multi-crop: 2 global views of 32 px and 6 local ones of 18 px
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone("convnet-tiny")
                .views(ViewRecipes.byName("swav-cifar")).batchSize(16).steps(2)
                .headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1).methodParams(Map.of()).build();
        assertEquals(8, config.viewRecipe().viewCount());
        List<Double> losses = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                losses.add(s.loss());
            }
        }, Device.cpu()).run(() -> false);
        assertEquals(2, losses.size());
        assertTrue(losses.stream().allMatch(l -> Double.isFinite(l) && l > 0), method + " " + losses);
    }

    @Test
    void simClrV2sMemoryFillsItsQueueWithTheMomentumCopysKeys() {
        TrainConfig config = MethodPresets.small("simclr-v2", "cifar10-subset").toBuilder().backbone("convnet-tiny")
                .batchSize(16).steps(3).headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1)
                .methodParams(Map.of("memory", 1.0, "queue_size", 128.0, "momentum", 0.99)).build();
        List<TrainingEvent.StepCompleted> steps = train(config);
        assertEquals(3, steps.size());
        for (int i = 0; i < 3; i++) {
            // two global views of 16 images enqueued per step
            assertEquals(32.0 * (i + 1) / 128, steps.get(i).monitors().get("queue_fill"), 1e-9);
            assertEquals(0.99, steps.get(i).monitors().get("teacher_momentum"), 1e-9);
            assertTrue(Double.isFinite(steps.get(i).loss()));
        }
        InvalidConfigException tooSmall = Assertions.assertThrows(InvalidConfigException.class,
                () -> config.toBuilder().methodParams(Map.of("memory", 1.0, "queue_size", 16.0)).build());
        assertTrue(tooSmall.getMessage().contains("queue_size=16 must hold the 32 keys"), tooSmall.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"moco-v3", "dino"})
    void trainsAViTAndChartsItsFirstLayersGradient(String method) {
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone("vit-micro")
                .batchSize(16).steps(2).headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1)
                .methodParams(Map.of()).build();
        List<TrainingEvent.StepCompleted> steps = train(config);
        assertEquals(2, steps.size());
        for (TrainingEvent.StepCompleted s : steps) {
            assertTrue(Double.isFinite(s.loss()), method + " " + s.loss());
            double first = s.monitors().get("first_layer_grad_norm");
            assertTrue(first > 0 && first <= s.monitors().get("grad_norm"), method + " " + s.monitors());
        }
    }

    @Test
    void dinoWithIbotsMaskedPatchTermTrainsAViTAndRefusesAConvNet() {
        TrainConfig config = MethodPresets.small("dino", "cifar10-subset").toBuilder().backbone("vit-micro")
                .batchSize(16).steps(2).headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(1)
                .methodParams(Map.of("patch_loss", 1.0, "mask_share", 1.0)).build();
        List<TrainingEvent.StepCompleted> steps = train(config);
        assertEquals(2, steps.size());
        for (TrainingEvent.StepCompleted s : steps) {
            double patch = s.monitors().get("patch_loss");
            // the loss adds the CLS term (positive) to the patch term, both cross-entropies
            assertTrue(patch > 0 && s.loss() > patch && Double.isFinite(s.loss()), s.loss() + " " + s.monitors());
            // every view masked, each hiding 10-50 % of its 4 × 4 patches
            double hidden = s.monitors().get("patches_hidden");
            assertTrue(hidden >= 1.0 / 16 && hidden < 0.5, "hidden " + hidden);
        }
        InvalidConfigException convNet = Assertions.assertThrows(InvalidConfigException.class,
                () -> config.toBuilder().backbone("convnet-tiny").build());
        assertTrue(convNet.getMessage().contains("patch_loss needs a ViT backbone"), convNet.getMessage());
    }

    @ParameterizedTest
    @MethodSource("methods")
    void takesStepsAndReportsItsMonitors(String method) {
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone("convnet-tiny")
                .batchSize(32).steps(3).headHidden(64).projectionDim(32).checkpointEvery(0).warmupSteps(1)
                .methodParams(method.matches("moco-v[12]") ? Map.of("queue_size", 128.0, "split_bn", 4.0)
                        : method.matches("instdisc|cmc") ? Map.of("negatives", 64.0)
                        : method.equals("cpc-v2") ? Map.of("colour_drop", 1.0) : Map.of()) // CPC: its shapes preset's patches
                .build();
        List<TrainingEvent.StepCompleted> steps = new ArrayList<>();
        Trainer.Result r = new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                steps.add(s);
            }
        }, Device.cpu()).run(() -> false);
        assertEquals(3, r.steps());
        assertEquals(3, steps.size());
        for (TrainingEvent.StepCompleted s : steps) {
            assertTrue(Double.isFinite(s.loss()), method + " loss " + s.loss());
            double collapse = s.monitors().get("collapse");
            assertTrue(collapse > 0 && collapse < 1, method + " collapse " + collapse);
        }
        assertTrue(r.knnTop1() != null && r.knnTop1() >= 0);
        if (method.equals("swav")) {
            // each image's code picks out some prototypes: the prototypes are unit rows, not zeros
            double entropy = steps.get(2).monitors().get("code_entropy");
            assertTrue(entropy > 0 && entropy < Math.log(3000) - 0.1, "code entropy " + entropy);
        }
        if (method.equals("dino")) {
            // the backbone's own spread (before the head): a network at its start tells the images apart
            double features = steps.get(0).monitors().get("feature_collapse");
            assertTrue(features > 0.001 && features < 1, "feature collapse " + features);
        }
        System.out.println(method + ": losses " + steps.stream().map(s -> String.format("%.4f", s.loss())).toList()
                + " monitors " + steps.get(2).monitors());
    }
}
