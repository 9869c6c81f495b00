package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.contrastlab.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contrastlab augment}, {@code recipes} and {@code train --recipe} as scripts use them. */
class AugmentCliTest {
    @TempDir
    Path tmp;

    @Test
    void augmentWritesEveryViewAndWhatWasDrawnAndTheSameSeedWritesTheSameFiles() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        String cifar = Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString();
        for (Path out : List.of(a, b)) {
            CliTest.Outcome o = CliTest.run("augment", "--data", cifar, "--index", "5", "--recipe", "swav-cifar",
                    "--n", "3", "--seed", "11", "--out", out.toString());
            assertEquals(0, o.code(), o.err());
            assertEquals("views=24", o.lastLine());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.sorted().toList();
        }
        assertEquals(25, files.size(), files.toString());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.getFileName().toString());
        }
        assertEquals(18, ImageIO.read(a.resolve("draw002-view07-local.png").toFile()).getWidth());
        JsonNode params = Json.mapper().readTree(a.resolve("params.json").toFile());
        assertEquals(24, params.get("views").size());
        JsonNode local = params.get("views").get(7);
        assertEquals("draw000-view07-local.png", local.get("file").asText());
        assertEquals("local", local.get("role").asText());
        double area = local.get("crop").get("height").asDouble() * local.get("crop").get("width").asDouble() / (32 * 32);
        assertTrue(area <= 0.14 * 1.3, "a local crop of swav-cifar covers at most 14% of the image (up to rounding): " + area);
        assertEquals("swav-cifar", params.get("recipe").get("name").asText());

        CliTest.Outcome other = CliTest.run("augment", "--data", cifar, "--index", "5", "--recipe", "swav-cifar",
                "--n", "3", "--seed", "12", "--out", tmp.resolve("c").toString());
        assertEquals(0, other.code(), other.err());
        assertTrue(!Arrays.equals(Files.readAllBytes(a.resolve("draw000-view00-global.png")),
                Files.readAllBytes(tmp.resolve("c").resolve("draw000-view00-global.png"))), "another seed, other views");
    }

    @Test
    void badRecipesAndRecipesTooBigForTheImagesAreRefusedNamingTheField() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        CliTest.Outcome yaml = CliTest.run("recipes", "byol-cifar");
        assertEquals(0, yaml.code());
        Files.writeString(bad, yaml.out().replaceFirst("flipProbability: 0.5", "flipProbability: -0.5"));
        CliTest.Outcome o = CliTest.run("augment", "--data", "sample:shapes", "--recipe", bad.toString(), "--out", tmp.resolve("x")
                .toString());
        assertEquals(Cli.EXIT_BAD_INPUT, o.code());
        assertTrue(o.err().contains("bad.yaml: groups[0].flipProbability must be a probability within [0, 1], got -0.5"), o.err());

        String cifar = Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString();
        CliTest.Outcome big = CliTest.run("augment", "--data", cifar, "--recipe", "dino", "--out", tmp.resolve("y").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, big.code());
        assertTrue(big.err().contains("groups[2].size: local crops of 96 px are larger than the 32×32 images"), big.err());

        CliTest.Outcome views = CliTest.run("train", "--data", "sample:shapes", "--method", "moco-v2", "--recipe", "dino-cifar",
                "--steps", "1", "--out", tmp.resolve("run").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, views.code());
        assertTrue(views.err().contains("method moco-v2 takes 2 views of each image; recipe 'dino-cifar' makes 8"), views.err());
        assertTrue(!Files.exists(tmp.resolve("run")), "a refused configuration writes no run");
    }

    @Test
    void benchAugmentEndsWithTheSpeedupLine() {
        CliTest.Outcome o = CliTest.run("bench", "augment", "--seconds", "0.1", "--batch-size", "32", "--dino-batch-size", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.lastLine().matches("augment_speedup=\\d+\\.\\d\\d"), o.out());
        assertTrue(o.out().contains("simclr-cifar") && o.out().contains("dino"), o.out());
    }

    @Test
    void trainUsesTheRecipeItIsGivenAndRecordsIt() throws Exception {
        Path run = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("train", "--data", "sample:shapes", "--recipe", "byol-cifar", "--backbone", "convnet-tiny",
                "--steps", "2", "--batch-size", "16", "--checkpoint-every", "0", "--out", run.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertEquals("byol-cifar", config.get("views").get("name").asText());
        assertEquals(0.2, config.get("views").get("groups").get(1).get("solarizeProbability").asDouble());
        assertEquals(32, config.get("imageSize").asInt());
    }
}
