package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.embed.Embeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users' scripts see it: result lines, files written, exit codes, one-line errors. */
class CliTest {
    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void trainOnSampleShapesPrintsKnnLastAndWritesTheRun() throws Exception {
        Path runDir = tmp.resolve("run");
        Outcome o = run("train", "--data", "sample:shapes", "--method", "simclr", "--backbone", "convnet-tiny",
                "--steps", "3", "--batch-size", "32", "--image-size", "32", "--seed", "1", "--eval-every", "2",
                "--out", runDir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.lastLine().matches("knn_top1=0\\.\\d{4}|knn_top1=1\\.0000"), o.out());
        assertTrue(o.err().contains("kNN top-1"), o.err());
        assertTrue(Files.isRegularFile(runDir.resolve("config.json")));
        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        // baseline at step 0, three steps (the second with kNN), the final kNN
        assertEquals(5, metrics.size(), String.join("\n", metrics));
        assertTrue(metrics.get(0).startsWith("{\"step\":0") || metrics.get(0).contains("\"step\":0"));
        assertTrue(metrics.get(2).contains("\"knn_top1\""), metrics.get(2));
        assertTrue(Files.isDirectory(runDir.resolve("checkpoints").resolve("step-0000003")));

        Outcome trained = run("eval", "knn", "--run", runDir.toString(), "--data", "sample:shapes", "--k", "20");
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.lastLine().startsWith("knn_top1="), trained.out());
        Outcome random = run("eval", "knn", "--run", runDir.toString(), "--data", "sample:shapes", "--k", "20", "--random-init");
        assertEquals(0, random.code(), random.err());
        assertTrue(random.err().contains("randomly initialised"), random.err());

        // the held-out split's embeddings, with their labels beside them
        Path npy = tmp.resolve("shapes-test.npy");
        Outcome embedded = run("embed", "--run", runDir.toString(), "--data", "sample:shapes", "--out", npy.toString());
        assertEquals(0, embedded.code(), embedded.err());
        assertTrue(embedded.lastLine().matches("embedded=1000x\\d+"), embedded.out());
        Embeddings read = Embeddings.read(npy);
        assertEquals(1000, read.n());
        assertEquals(10, Arrays.stream(read.labels()).distinct().count());
        assertTrue(read.classNames().contains("crescent"), read.classNames().toString());
        Outcome csv = run("embed", "--run", runDir.toString(), "--data", "sample:shapes", "--out", tmp.resolve("e.csv").toString());
        assertEquals(2, csv.code());
        assertTrue(csv.err().contains("write embeddings as .npy or .safetensors"), csv.err());
    }

    @Test
    void unknownMethodIsOneClearLineAndExitTwo() {
        Outcome o = run("train", "--data", "sample:shapes", "--method", "nosuch", "--out", tmp.resolve("x").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("error: ") && o.err().contains("unknown method 'nosuch'"), o.err());
        assertFalse(o.err().contains("at org."), "no stack trace");
    }

    @Test
    void missingFolderAndEmptyDatasetAreNamed() throws Exception {
        Outcome missing = run("train", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("a").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("nope") && missing.err().contains("no such file or folder"), missing.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Outcome none = run("train", "--data", empty.toString(), "--out", tmp.resolve("b").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, none.code());
        assertTrue(none.err().contains("no images found"), none.err());
        assertEquals(1, none.err().lines().count(), none.err());
    }

    @Test
    void unreadableRunAndBadOptionsAreRefused() {
        Outcome noRun = run("eval", "knn", "--run", tmp.toString(), "--data", "sample:shapes");
        assertEquals(Cli.EXIT_BAD_INPUT, noRun.code());
        assertTrue(noRun.err().contains("not a run folder"), noRun.err());
        Outcome badNumber = run("train", "--data", "sample:shapes", "--steps", "many", "--out", "x");
        assertEquals(Cli.EXIT_BAD_INPUT, badNumber.code());
        assertTrue(badNumber.err().startsWith("error: "), badNumber.err());
        Outcome badBatch = run("train", "--data", "sample:shapes", "--batch-size", "1", "--out", tmp.resolve("c").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, badBatch.code());
        assertTrue(badBatch.err().contains("--batch-size"), badBatch.err());
    }

    @Test
    void doctorNamesTheLibtorchAndTheDevice() {
        Outcome o = run("doctor");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("libtorch 2.7.1"), o.out());
        assertTrue(o.out().contains("device:"), o.out());
        assertTrue(o.out().contains("libdjl_torch"), o.out());
    }

    @Test
    void methodsListsSimclr() {
        Outcome o = run("methods");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("simclr") && o.out().contains("convnet-small"), o.out());
        // what a method takes on the built-in data, its own settings included
        assertTrue(o.out().contains("on sample:shapes: simclr-shapes views, 1000 steps of 64, freeze_prototypes=1000000"), o.out());
        assertTrue(o.out().contains("on sample:shapes with a ViT: dino-shapes views, 300 steps of 64, the network at 64 px, "
                + "momentum=0.99"), o.out());
    }
}
