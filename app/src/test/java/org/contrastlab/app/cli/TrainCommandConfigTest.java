package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code contrastlab train}'s options make of a method's preset, without training. */
class TrainCommandConfigTest {
    private static TrainConfig config(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void imageSizeResizesThePresetsOwnViews() {
        // on CIFAR (on sample:shapes DINO takes the shapes' own views)
        TrainConfig dino = config("--data", "cifar10", "--method", "dino", "--backbone", "vit-micro", "--image-size", "64");
        assertEquals(64, dino.imageSize());
        assertEquals("dino-cifar", dino.viewRecipe().name());
        List<ViewGroup> groups = dino.viewRecipe().groups();
        assertEquals(64, groups.get(0).size(), "global views at --image-size");
        assertEquals(36, groups.get(2).size(), "local views in proportion (18 px at 32)");
        assertEquals(32, config("--data", "sample:shapes", "--method", "dino").viewRecipe().groups().get(0).size());
    }

    @Test
    void dinoWithAViTOnTheShapesTakesTheViewsItsAttentionSegmentsWith() {
        // the dino-vit-shapes example's command in short: dino-shapes views at 32 px, the network at 64, 300 steps
        TrainConfig vit = config("--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro");
        assertEquals("dino-shapes", vit.viewRecipe().name());
        assertEquals(32, vit.viewRecipe().globalSize());
        assertEquals(64, vit.imageSize());
        assertEquals(300, vit.steps());
        assertEquals(0.99, vit.resolvedParams().get("momentum"), 1e-12);
        // --image-size scales the views in proportion: at the preset's 64 they stay at 32
        assertEquals(32, config("--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro", "--image-size", "64")
                .viewRecipe().globalSize());
        assertEquals(64, config("--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro", "--image-size", "128")
                .viewRecipe().globalSize());
        assertEquals("simclr-shapes", config("--data", "sample:shapes", "--method", "dino").viewRecipe().name());
    }

    @Test
    void colourStrengthGivesSimclrItsCifarViewsEvenOnTheShapes() {
        assertEquals("simclr-shapes", config("--data", "sample:shapes").viewRecipe().name());
        TrainConfig strong = config("--data", "sample:shapes", "--color-strength", "1.0");
        assertEquals("simclr-cifar", strong.viewRecipe().name());
        assertEquals(0.8, strong.viewRecipe().groups().get(0).brightness(), 1e-9);
        // a method with views of its own refuses it rather than ignoring it
        IllegalArgumentException refused = Assertions.assertThrows(IllegalArgumentException.class,
                () -> config("--data", "sample:shapes", "--method", "byol", "--color-strength", "1.0"));
        Assertions.assertTrue(refused.getMessage().contains("simclr-shapes"), refused.getMessage());
    }

    @Test
    void paramsGoOverThePresetsOwnSettingsWithoutDroppingThem() {
        // SwAV on sample:shapes keeps its prototypes at their random start; --param changes one setting, not the rest
        assertEquals(Map.of("freeze_prototypes", 1_000_000.0), config("--data", "sample:shapes", "--method", "swav").methodParams());
        TrainConfig more = config("--data", "sample:shapes", "--method", "swav", "--param", "prototypes=500");
        assertEquals(Map.of("freeze_prototypes", 1_000_000.0, "prototypes", 500.0), more.methodParams());
        TrainConfig learned = config("--data", "sample:shapes", "--method", "swav", "--param", "freeze_prototypes=20");
        assertEquals(20, learned.resolvedParams().count("freeze_prototypes"));
        assertEquals(Map.of(), config("--data", "cifar10", "--method", "swav").methodParams(), "on CIFAR the reference's settings");
        // a shapes preset's learning rate (MoBY's) gives way to --lr as any preset's does
        assertEquals(1.25e-4, config("--data", "sample:shapes", "--method", "moby").learningRate(), 1e-12);
        assertEquals(3e-4, config("--data", "sample:shapes", "--method", "moby", "--lr", "3e-4").learningRate(), 1e-12);
    }
}
