package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.io.Json;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    @Test
    void simclrOnTheBuiltInShapesTakesItsOwnViewsAndBudget() {
        TrainConfig shapes = MethodPresets.small("simclr", "sample:shapes");
        assertEquals("simclr-shapes", shapes.viewRecipe().name());
        assertEquals(0.5, shapes.viewRecipe().groups().get(0).scaleMin());
        assertEquals(0.5, shapes.viewRecipe().groups().get(0).hue());
        assertEquals(64, shapes.batchSize());
        assertEquals(1000, shapes.steps());
        TrainConfig cifar = MethodPresets.small("simclr", "../shared/data/cifar10");
        assertEquals("simclr-cifar", cifar.viewRecipe().name());
        assertEquals(256, cifar.batchSize());
        assertEquals(200, cifar.steps());
        // the other methods take the shape views too; SwAV with its prototypes kept at their random start
        assertEquals("simclr-shapes", MethodPresets.small("byol", "sample:shapes").viewRecipe().name());
        TrainConfig swav = MethodPresets.small("swav", "sample:shapes");
        assertEquals("simclr-shapes", swav.viewRecipe().name());
        assertTrue(swav.resolvedParams().count("freeze_prototypes") > swav.steps(), "prototypes frozen throughout");
        assertEquals(20, MethodPresets.small("swav", "cifar10").resolvedParams().count("freeze_prototypes"));
        // InstDisc there: one shape view against its bank row; by cross-entropy everywhere, NCE when asked
        TrainConfig instdisc = MethodPresets.small("instdisc", "sample:shapes");
        assertEquals("instdisc-shapes", instdisc.viewRecipe().name());
        assertTrue(instdisc.resolvedParams().flag("softmax"));
        assertTrue(MethodPresets.small("instdisc", "cifar10").resolvedParams().flag("softmax"));
        assertFalse(MethodPresets.small("instdisc", "cifar10").toBuilder().param("softmax", 0).build().resolvedParams().flag("softmax"),
                "the reference's NCE on request");
        // MoBY there: 1,000 × 64 at the Swin code's rule for that batch, 1e-3 × 64/512; on CIFAR the preset's 1e-3
        TrainConfig moby = MethodPresets.small("moby", "sample:shapes");
        assertEquals(1.25e-4, moby.learningRate(), 1e-12);
        assertEquals(64, moby.batchSize());
        assertEquals(1e-3, MethodPresets.small("moby", "cifar10").learningRate(), 1e-12);
        // CPC v2 there: each patch's colour dropped, 400 × 64; on CIFAR its patches whole; both at 2e-3 on a 3 × 3 grid
        TrainConfig cpc = MethodPresets.small("cpc-v2", "sample:shapes");
        assertEquals(1.0, cpc.resolvedParams().get("colour_drop"));
        assertEquals(2e-3, cpc.learningRate(), 1e-12);
        assertEquals(400, cpc.steps());
        assertEquals(3.0, cpc.resolvedParams().get("grid"));
        TrainConfig cpcCifar = MethodPresets.small("cpc-v2", "cifar10");
        assertEquals(0.0, cpcCifar.resolvedParams().get("colour_drop"));
        assertEquals(2e-3, cpcCifar.learningRate(), 1e-12);
    }

    @Test
    void dinoOnTheBuiltInShapesTakesTheViewsItsViTSegmentsWith() {
        // with a ViT: the dino-vit-shapes example's settings, so that the plain command's attention finds the shapes
        TrainConfig vit = MethodPresets.small("dino", "sample:shapes", "vit-micro");
        assertEquals("dino-shapes", vit.viewRecipe().name());
        assertEquals(32, vit.viewRecipe().globalSize());
        assertEquals(64, vit.imageSize());
        assertEquals(300, vit.steps());
        assertEquals(64, vit.batchSize());
        assertEquals("vit-micro", vit.backbone());
        assertEquals(0.99, vit.resolvedParams().get("momentum"), 1e-12);
        // with a ConvNet, and where no backbone is named, the shapes preset of every method
        for (TrainConfig c : new TrainConfig[] {MethodPresets.small("dino", "sample:shapes", "convnet-small"),
                MethodPresets.small("dino", "sample:shapes")}) {
            assertEquals("simclr-shapes", c.viewRecipe().name());
            assertEquals(1000, c.steps());
            assertEquals(0.996, c.resolvedParams().get("momentum"), 1e-12);
        }
        assertEquals("convnet-small", MethodPresets.small("dino", "sample:shapes").backbone());
        // elsewhere a ViT changes nothing but the backbone
        TrainConfig cifar = MethodPresets.small("dino", "cifar10", "vit-micro");
        assertEquals(MethodPresets.small("dino", "cifar10").viewRecipe(), cifar.viewRecipe());
        assertEquals("vit-micro", cifar.backbone());
    }

    @Test
    void refusesABadConfigurationListingEveryProblem() {
        TrainConfig ok = TrainConfig.small("sample:shapes");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ok.toBuilder().method("mocov9")
                .backbone("resnet-999").epochs(0).steps(0).batchSize(1).seed(1).learningRate(-0.1).warmupSteps(0).temperature(0f)
                .headHidden(8).projectionDim(8).evalEvery(0).checkpointEvery(0).build());
        String m = e.getMessage();
        assertTrue(m.contains("unknown method 'mocov9'"), m);
        assertTrue(m.contains("unknown backbone 'resnet-999'"), m);
        assertTrue(m.contains("--steps or --epochs"), m);
        assertTrue(m.contains("--batch-size"), m);
        assertTrue(m.contains("--lr"), m);
        assertTrue(m.contains("--temperature"), m);
        assertEquals(6, e.problems().size());
    }

    @Test
    void imagesAreStoredAtLeastAtTheSizeTheRunTrainsAt() {
        TrainConfig small = TrainConfig.small("x");
        assertEquals(64, small.storageSize(), "32 px runs keep 64 px images for their crops");
        assertEquals(224, small.toBuilder().imageSize(224).build().storageSize(), "a 224 px run keeps 224 px images");
        assertEquals(96, small.toBuilder().imageSize(96).build().storageSize());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        TrainConfig c = TrainConfig.small("/data/x");
        String json = Json.mapper().writeValueAsString(c);
        assertEquals(c, Json.mapper().readValue(json, TrainConfig.class));
    }

    @Test
    void budgetIsStepsOrEpochs() {
        TrainConfig s = TrainConfig.small("x");
        assertEquals(200, s.totalSteps(10000));
        TrainConfig e = s.toBuilder().epochs(2).steps(0).build();
        assertEquals(2 * 39, e.totalSteps(10000));
    }

    @Test
    void epochsThatWouldOverflowAndViewsThatCannotFitAreRefused() {
        TrainConfig e = TrainConfig.small("x").toBuilder().steps(0).epochs(2_000_000_000).build();
        InvalidConfigException over = assertThrows(InvalidConfigException.class, () -> e.checkAgainst(10000, "cifar"));
        assertTrue(over.getMessage().contains("makes 78000000000 steps"), over.getMessage());

        // the oversized recipe: ten 512 px views at batch 256, 8 GB of views, on a 24 GB machine
        var big = ViewRecipe.of("big", "ten 512 px views",
                ViewGroup.builder().count(10).size(512).scale(0.5, 1).build());
        TrainConfig huge = TrainConfig.small("x").toBuilder().views(big).imageSize(512).build();
        assertEquals(256L * 10 * 3 * 512 * 512 * 4, StepMemory.viewBytes(huge));
        InvalidConfigException memory = assertThrows(InvalidConfigException.class, () -> StepMemory.check(huge, 24L << 30));
        assertTrue(memory.getMessage().contains("makes 8.1 GB of views a step"), memory.getMessage());
        StepMemory.check(TrainConfig.small("x"), 24L << 30); // SimCLR's CIFAR views: 6 MB
        StepMemory.check(huge.toBuilder().batchSize(32).build(), 24L << 30);
    }

    @Test
    void badMethodSettingsAreRefusedBeforeTrainingNamingTheSetting() {
        TrainConfig moco = MethodPresets.small("moco-v2", "x");
        InvalidConfigException momentum = assertThrows(InvalidConfigException.class,
                () -> moco.toBuilder().param("momentum", 1.5).build());
        assertTrue(momentum.getMessage().contains("--param momentum must be within [0, 1], got 1.5"), momentum.getMessage());
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class,
                () -> moco.toBuilder().param("queue", 10).build());
        assertTrue(unknown.getMessage().contains("--param queue: moco-v2 has no such setting"), unknown.getMessage());
        InvalidConfigException half = assertThrows(InvalidConfigException.class,
                () -> moco.toBuilder().param("queue_size", 100.5).build());
        assertTrue(half.getMessage().contains("--param queue_size is a count: a whole number, got 100.5"), half.getMessage());
        InvalidConfigException split = assertThrows(InvalidConfigException.class,
                () -> moco.toBuilder().batchSize(100).param("split_bn", 8).build());
        assertTrue(split.getMessage().contains("split_bn=8 must divide --batch-size 100"), split.getMessage());
        InvalidConfigException one = assertThrows(InvalidConfigException.class, () -> moco.toBuilder().batchSize(1).build());
        assertTrue(one.getMessage().contains("--batch-size must be within 2..65536"), one.getMessage());
        InvalidConfigException bank = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("instdisc", "x").checkAgainst(1000, "tiny"));
        assertTrue(bank.getMessage().contains("negatives=4096") && bank.getMessage().contains("1000 training images of tiny"),
                bank.getMessage());
        InvalidConfigException prototypes = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("swav", "x").toBuilder().param("prototypes", 100).build());
        assertTrue(prototypes.getMessage().contains("prototypes=100 must exceed the projection width 128"), prototypes.getMessage());
        InvalidConfigException optimizer = assertThrows(InvalidConfigException.class,
                () -> moco.toBuilder().optimizer("adagrad").build());
        assertTrue(optimizer.getMessage().contains("--optimizer must be one of"), optimizer.getMessage());
        InvalidConfigException patches = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("dino", "x").toBuilder().backbone("vit-micro").imageSize(36).views(null).build());
        assertTrue(patches.getMessage().contains("--image-size 36 is not a multiple of vit-micro's patch size 8 (try 32)"),
                patches.getMessage());
        InvalidConfigException local = assertThrows(InvalidConfigException.class,
                () -> MethodPresets.small("dino", "x").toBuilder().backbone("vit-small").imageSize(16)
                        .views(ViewRecipes.byName("dino-cifar").resized(16)).build());
        assertTrue(local.getMessage().contains("view size 9 of recipe") && local.getMessage().contains("patch size 16"),
                local.getMessage());
    }

    @Test
    void groupedInMemoryFlatOnDiskAsEveryReleaseWroteIt() throws Exception {
        TrainConfig c = MethodPresets.small("dino", "sample:shapes").toBuilder().steps(300).precision(TrainConfig.FP16).build();
        assertEquals(300, c.budget().steps());
        assertEquals(OptimizerKind.ADAMW, c.optimization().optimizer());
        assertEquals(Precision.FP16, c.precision());
        assertEquals(2048, c.heads().projectionDim());
        String json = Json.mapper().writeValueAsString(c);
        JsonNode flat = Json.mapper().readTree(json);
        assertEquals(300, flat.get("steps").asInt());
        assertEquals("adamw", flat.get("optimizer").asText());
        assertEquals("fp16", flat.get("precision").asText());
        assertEquals(5e-4, flat.get("learningRate").asDouble(), 1e-12);
        assertTrue(!flat.has("budget") && !flat.has("optimization"), "config.json keeps the flat names users' scripts read: " + json);
        assertEquals(c, Json.mapper().readValue(json, TrainConfig.class));
        InvalidConfigException both = assertThrows(InvalidConfigException.class,
                () -> c.toBuilder().optimizer("adagrad").precision("fp8").batchSize(1).build());
        assertTrue(both.problems().size() == 3 && both.getMessage().contains("'adagrad'") && both.getMessage().contains("'fp8'")
                && both.getMessage().contains("--batch-size"), "every problem listed at once: " + both.getMessage());
        String stored = json.replace("\"adamw\"", "\"adagrad\"");
        Exception bad = assertThrows(Exception.class, () -> Json.mapper().readValue(stored, TrainConfig.class));
        assertTrue(String.valueOf(bad.getMessage()).contains("--optimizer must be one of"), bad.getMessage());
    }
}
