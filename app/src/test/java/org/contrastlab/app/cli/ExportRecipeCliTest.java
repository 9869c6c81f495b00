package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-recipe}: the shipped SimCLR example becomes a solo-learn configuration with its
 * launch script, the one value solo-learn cannot take (the backbone) said on the way; a method
 * solo-learn does not have is refused with a clear message, no stack trace and no file.
 */
class ExportRecipeCliTest {
    @TempDir
    Path tmp;

    @Test
    void aRunBecomesASoloLearnConfigurationAndWhatDoesNotCarryIsSaid() throws Exception {
        Path example = Path.of("..", "sample-data", "src", "main", "resources", "org", "contrastlab", "sample", "examples",
                "simclr-cifar");
        Path out = tmp.resolve("solo");
        CliTest.Outcome r = CliTest.run("export-recipe", "--run", example.toString(), "--to", "solo-learn", "--out", out.toString(),
                "--dataset", "cifar10", "--epochs", "1000", "--devices", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals("not_carried=1", r.out().strip());
        assertTrue(r.err().contains("not carried: backbone convnet-small: solo-learn has no such network; resnet18 written"), r.err());
        String config = Files.readString(out.resolve("simclr-cifar10.yaml"));
        assertTrue(config.contains("method: simclr") && config.contains("devices:\n- 0\n- 1\n- 2\n- 3"), config);
        assertTrue(Files.readString(out.resolve("augmentations/simclr-cifar10.yaml")).contains("num_crops: 2"));
        assertTrue(Files.readString(out.resolve("NOT-CARRIED.txt")).contains("backbone convnet-small"));
        assertTrue(Files.isExecutable(out.resolve("launch.sh")));
    }

    @Test
    void theClustersCheckpointComesBackAsARunOfTheRecipe() {
        Path example = Path.of("..", "sample-data", "src", "main", "resources", "org", "contrastlab", "sample", "examples",
                "simclr-cifar");
        Path ckpt = Path.of("..", "core", "src", "test", "resources", "fixtures", "torch", "solo_byol_vitmicro.ckpt");
        Path run = tmp.resolve("runs").resolve("from-cluster");
        CliTest.Outcome r = CliTest.run("import-run", "--checkpoint", ckpt.toString(), "--recipe", example.toString(), "--out",
                run.toString(), "--normalization", "cifar10");
        assertEquals(0, r.code(), r.err());
        assertEquals("imported=" + run, r.out().strip());
        assertTrue(r.err().contains("vit-micro at step 1200"), r.err());
        CliTest.Outcome knn = CliTest.run("eval", "knn", "--run", run.toString(), "--data",
                Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString());
        assertEquals(0, knn.code(), knn.err());
        assertTrue(knn.out().strip().startsWith("knn_top1="), knn.out());

        Path hostile = Path.of("..", "core", "src", "test", "resources", "fixtures", "torch", "hostile", "runs_code_legacy.pth");
        Path none = tmp.resolve("runs").resolve("hostile");
        CliTest.Outcome refused = CliTest.run("import-run", "--checkpoint", hostile.toString(), "--recipe", example.toString(), "--out",
                none.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, refused.code(), refused.err());
        assertTrue(refused.err().contains("refusing"), refused.err());
        assertTrue(refused.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + refused.err());
        assertTrue(Files.notExists(none), "nothing made");
    }

    @Test
    void aMethodSoloLearnDoesNotHaveIsRefused() {
        Path run = tmp.resolve("instdisc");
        RunDirectory.create(run, MethodPresets.small("instdisc", "sample:shapes"), false);
        Path out = tmp.resolve("nothing");
        CliTest.Outcome r = CliTest.run("export-recipe", "--run", run.toString(), "--out", out.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("solo-learn has no instdisc; of ours it has barlow-twins, byol, dino"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")), "no stack trace: " + r.err());
        assertTrue(Files.notExists(out), "nothing written");
    }
}
