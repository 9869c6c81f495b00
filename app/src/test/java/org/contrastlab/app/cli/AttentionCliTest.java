package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ViT's attention from the command line: a run's Jaccard score, the PNGs, the safetensors export and its
 * reopening; published PyTorch checkpoints opened by attention, eval knn and embed; hostile ones refused.
 */
class AttentionCliTest {
    @TempDir
    Path tmp;

    @Test
    void scoresWritesAndExportsTheAttentionOfAVitRun() throws Exception {
        Path run = tmp.resolve("dino");
        CliTest.Outcome trained = CliTest.run("train", "--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro",
                "--steps", "2", "--batch-size", "16", "--image-size", "32", "--eval-every", "0", "--out", run.toString(), "--debug");
        assertEquals(0, trained.code(), trained.err());

        CliTest.Outcome score = CliTest.run("eval", "attention", "--run", run.toString(), "--data", "sample:shapes", "--limit", "40");
        assertEquals(0, score.code(), score.err());
        assertTrue(score.lastLine().matches("attention_jaccard=0\\.\\d{4}"), score.out());
        assertTrue(score.out().contains("attention_jaccard_mean_map="), score.out());
        assertTrue(score.err().contains("head 3: jaccard"), score.err());
        assertTrue(score.err().contains("(step 2, teacher backbone)"), "DINO's teacher by default: " + score.err());
        CliTest.Outcome student = CliTest.run("eval", "attention", "--run", run.toString(), "--encoder", "student", "--data",
                "sample:shapes", "--limit", "40");
        assertEquals(0, student.code(), student.err());
        assertTrue(student.err().contains("(step 2)") && !student.err().contains("teacher"), student.err());
        Path pack = tmp.resolve("pack");
        assertEquals(0, CliTest.run("pack", "--run", run.toString(), "--out", pack.toString()).code());
        CliTest.Outcome packed = CliTest.run("eval", "attention", "--run", pack.toString(), "--data", "sample:shapes", "--limit", "40");
        assertEquals(score.lastLine(), packed.lastLine(), "the pack keeps DINO's teacher: " + packed.err());
        CliTest.Outcome baseline = CliTest.run("eval", "attention", "--run", run.toString(), "--data", "sample:shapes", "--limit", "40",
                "--random-init");
        assertEquals(0, baseline.code(), baseline.err());
        assertTrue(baseline.err().startsWith("randomly initialised"), baseline.err());

        Path photo = tmp.resolve("photo.png");
        BufferedImage img = new BufferedImage(100, 70, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(30, 15, 40, 40);
        g.dispose();
        ImageIO.write(img, "png", photo.toFile());
        Path out = tmp.resolve("maps");
        CliTest.Outcome maps = CliTest.run("attention", "--run", run.toString(), "--image", photo.toString(), "--size", "96",
                "--smooth", "--out", out.toString());
        assertEquals(0, maps.code(), maps.err());
        for (String name : new String[] {"head-0.png", "head-3.png", "mean.png", "mask.png", "mask-0.png", "mask-3.png"}) {
            BufferedImage png = ImageIO.read(out.resolve(name).toFile());
            // 96 × 67 px scaled, cut to whole 8 px patches: 96 × 64
            assertEquals(96, png.getWidth(), name);
            assertEquals(64, png.getHeight(), name);
        }
        assertTrue(maps.err().contains("12×8 patch grid"), maps.err());
        assertTrue(maps.lastLine().startsWith("attention_pngs=10 "), maps.out());

        Path file = tmp.resolve("vit.safetensors");
        CliTest.Outcome export = CliTest.run("export", "--run", run.toString(), "--out", file.toString());
        assertEquals(0, export.code(), export.err());
        assertEquals("exported=" + file, export.lastLine());
        assertTrue(export.err().contains("VisionTransformer(img_size=32, patch_size=8, embed_dim=128, depth=4, num_heads=4, "
                + "num_classes=0)"),
                export.err());
        CliTest.Outcome reopened = CliTest.run("attention", "--weights", file.toString(), "--image", photo.toString(), "--out",
                tmp.resolve("maps2").toString());
        assertEquals(0, reopened.code(), reopened.err());
        assertTrue(Files.isRegularFile(tmp.resolve("maps2").resolve("mask.png")));

        CliTest.Outcome knn = CliTest.run("eval", "knn", "--run", run.toString(), "--data", "sample:shapes");
        Path continued = tmp.resolve("continued");
        CliTest.Outcome init = CliTest.run("train", "--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro",
                "--steps", "1", "--batch-size", "16", "--image-size", "32", "--eval-every", "1", "--init-from", file.toString(),
                "--out", continued.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(init.err().contains("backbone initialised from ViT width 128, depth 4, 4 heads, patch 8")
                && init.err().contains("copied into 2 backbones"), init.err());
        String start = "step 0: kNN top-1 " + knn.lastLine().substring("knn_top1=".length());
        assertTrue(init.err().contains(start), "the exported teacher is where the new run starts: " + start + " in " + init.err());
        Path never = tmp.resolve("never");
        CliTest.Outcome hostile = CliTest.run("train", "--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro",
                "--steps", "1", "--batch-size", "16", "--image-size", "32", "--init-from",
                "../core/src/test/resources/fixtures/torch/hostile/runs_code.pth", "--out", never.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, hostile.code(), hostile.err());
        assertTrue(hostile.err().contains("posix.system") && Files.notExists(never), "refused before the run folder: " + hostile.err());
        CliTest.Outcome otherShape = CliTest.run("train", "--data", "sample:shapes", "--method", "dino", "--backbone", "vit-micro-p4",
                "--steps", "1", "--batch-size", "16", "--image-size", "32", "--init-from", file.toString(), "--out", never.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, otherShape.code(), otherShape.err());
        assertTrue(otherShape.err().contains("is not the run's backbone") && otherShape.err().contains("--backbone vit-micro is its shape")
                && Files.notExists(never), "a ViT of another shape is refused, naming the backbone that fits: " + otherShape.err());

        CliTest.Outcome notVit = CliTest.run("eval", "attention", "--weights", photo.toString(), "--data", "sample:shapes");
        assertEquals(Cli.EXIT_BAD_INPUT, notVit.code(), notVit.err());
        assertTrue(notVit.err().contains("not a safetensors file"), notVit.err());
    }

    @Test
    void opensPublishedCheckpointsAndRefusesHostileOnesWritingNothing() throws Exception {
        Path fixtures = Path.of("../core/src/test/resources/fixtures/torch");
        Path photo = tmp.resolve("photo.png");
        ImageIO.write(new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
        CliTest.Outcome teacher = CliTest.run("attention", "--weights", fixtures.resolve("dino_vit16.pth").toString(), "--heads", "2",
                "--image", photo.toString(), "--out", tmp.resolve("teacher").toString());
        assertEquals(0, teacher.code(), teacher.err());
        assertTrue(teacher.err().contains("encoder at 'teacher.backbone.'") && teacher.err().contains("DINO's bicubic"), teacher.err());
        assertTrue(Files.isRegularFile(tmp.resolve("teacher").resolve("head-1.png")));
        CliTest.Outcome student = CliTest.run("attention", "--weights", fixtures.resolve("dino_vit16.pth").toString(), "--heads", "2",
                "--encoder", "student", "--image", photo.toString(), "--out", tmp.resolve("student").toString());
        assertEquals(0, student.code(), student.err());
        assertTrue(student.err().contains("encoder at 'student.module.backbone.'"), student.err());

        CliTest.Outcome knn = CliTest.run("eval", "knn", "--weights", fixtures.resolve("mocov3_vit8.pth.tar").toString(),
                "--image-size", "32", "--data", "sample:shapes");
        assertEquals(0, knn.code(), knn.err());
        assertTrue(knn.lastLine().matches("knn_top1=0\\.\\d{4}"), knn.out());
        Path embedded = tmp.resolve("e.npy");
        CliTest.Outcome embed = CliTest.run("embed", "--weights", fixtures.resolve("dino_vit16.pth").toString(), "--heads", "2",
                "--image-size", "32", "--data", "sample:shapes", "--out", embedded.toString());
        assertEquals(0, embed.code(), embed.err());
        assertEquals("embedded=1000x64", embed.lastLine());
        CliTest.Outcome resnet = CliTest.run("eval", "knn", "--weights", fixtures.resolve("mocov2_resnet50.pth.tar").toString(),
                "--image-size", "32", "--data", "sample:shapes");
        assertEquals(0, resnet.code(), resnet.err());
        assertTrue(resnet.err().contains("ResNet-50 at stem width 4 (128 features)")
                && resnet.err().contains("encoder at 'state_dict.module.encoder_q.'"), resnet.err());
        CliTest.Outcome noMaps = CliTest.run("attention", "--weights", fixtures.resolve("mocov2_resnet50.pth.tar").toString(),
                "--image", photo.toString(), "--out", tmp.resolve("resnet-maps").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, noMaps.code(), noMaps.err());
        assertTrue(noMaps.err().contains("holds a ResNet") && Files.notExists(tmp.resolve("resnet-maps")), noMaps.err());
        Path converted = tmp.resolve("dino.safetensors");
        CliTest.Outcome export = CliTest.run("export", "--weights", fixtures.resolve("dino_vit16.pth").toString(), "--heads", "2",
                "--out", converted.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.isRegularFile(converted));
        CliTest.Outcome noInit = CliTest.run("eval", "knn", "--weights", fixtures.resolve("dino_vit16.pth").toString(),
                "--random-init", "--data", "sample:shapes");
        assertEquals(Cli.EXIT_BAD_INPUT, noInit.code(), noInit.err());
        assertTrue(noInit.err().contains("--random-init needs a run folder"), noInit.err());

        for (String hostile : new String[] {"runs_code.pth", "truncated.pth", "zip_bomb.pth", "torchscript.pt"}) {
            Path out = tmp.resolve("never-" + hostile);
            CliTest.Outcome refused = CliTest.run("attention", "--weights", fixtures.resolve("hostile").resolve(hostile).toString(),
                    "--image", photo.toString(), "--out", out.toString());
            assertEquals(Cli.EXIT_BAD_INPUT, refused.code(), hostile + ": " + refused.err());
            assertTrue(refused.err().contains(hostile) && !refused.err().contains("\tat "), refused.err());
            assertTrue(Files.notExists(out), "nothing written for " + hostile);
        }
    }

    @Test
    void writesASwinRunsMapsAndSaysItHasNoCls() throws Exception {
        Path run = tmp.resolve("moby");
        CliTest.Outcome trained = CliTest.run("train", "--data", "sample:shapes", "--method", "moby", "--steps", "2", "--batch-size", "16",
                "--param", "queue_size=64", "--out", run.toString());
        assertEquals(0, trained.code(), trained.err());
        Path photo = tmp.resolve("swin-photo.png");
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(10, 10, 20, 20);
        g.dispose();
        ImageIO.write(img, "png", photo.toFile());
        Path out = tmp.resolve("swin-maps");
        CliTest.Outcome maps = CliTest.run("attention", "--run", run.toString(), "--image", photo.toString(), "--out", out.toString());
        assertEquals(0, maps.code(), maps.err());
        // the last block of swin-micro: stage 3, 4 × 4 tokens in one window, 12 heads; the picture as the 32 px square it was trained at
        assertTrue(maps.err().contains("no CLS token: the maps are the mean of tokens"), maps.err());
        assertTrue(maps.err().contains("12 heads on a 4×4 patch grid"), maps.err());
        assertTrue(maps.lastLine().startsWith("attention_pngs=26 "), maps.out());
        BufferedImage mean = ImageIO.read(out.resolve("mean.png").toFile());
        assertEquals(32, mean.getWidth());
        assertEquals(32, mean.getHeight());
    }

    @Test
    void helpListsEveryOptionOnce() {
        for (String[] command : new String[][] {{"attention", "--help"}, {"export", "--help"}, {"eval", "knn", "--help"},
                {"eval", "attention", "--help"}, {"embed", "--help"}}) {
            CliTest.Outcome help = CliTest.run(command);
            for (String option : new String[] {"--run=<run>", "--weights=<weights>"}) {
                Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(option)
                        + "\\s{2,}\\S").matcher(help.out());
                int count = (int) m.results().count();
                assertEquals(1, count, String.join(" ", command) + " lists " + option + " " + count + " times:\n" + help.out());
            }
        }
    }
}
