package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.contrastlab.sample.Examples;
import org.contrastlab.sample.Examples.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trained models that ship with the app: each unpacks to a run folder that the command
 * line opens, and measures what its example.json records (kNN, attention Jaccard and their
 * random-init baselines, to ±0.005: evaluation is deterministic, the slack is for libtorch
 * builds); `pack`, which made them, keeps what evaluation needs and nothing to resume from.
 */
class ExamplesTest {
    private static final double SLACK = 0.005;

    @TempDir
    Path tmp;

    @Test
    void everyExampleMeasuresWhatItRecords() {
        List<Example> all = Examples.all();
        assertFalse(all.isEmpty());
        for (Example e : all) {
            Path run = Examples.unpack(e, tmp);
            assertEquals(run, Examples.unpack(e, tmp), "a second unpack reuses the first");
            String data = data(e.data());
            Map<String, Double> f = e.figures();
            assertTrue(f.containsKey("knn_top1") || f.containsKey("attention_jaccard"), e.id() + " records a figure");
            if (f.containsKey("knn_top1")) {
                double trained = result(CliTest.run("eval", "knn", "--run", run.toString(), "--data", data), "knn_top1");
                assertEquals(f.get("knn_top1"), trained, SLACK, e.id() + ": kNN");
                double random = result(CliTest.run("eval", "knn", "--run", run.toString(), "--data", data, "--random-init"), "knn_top1");
                assertEquals(f.get("random_init_knn_top1"), random, SLACK, e.id() + ": kNN at random init");
            }
            if (f.containsKey("attention_jaccard")) {
                double trained = result(CliTest.run("eval", "attention", "--run", run.toString(), "--data", data, "--limit", "300"),
                        "attention_jaccard");
                assertEquals(f.get("attention_jaccard"), trained, SLACK, e.id() + ": attention Jaccard");
                double random = result(CliTest.run("eval", "attention", "--run", run.toString(), "--data", data, "--limit", "300",
                        "--random-init"), "attention_jaccard");
                assertEquals(f.get("random_init_attention_jaccard"), random, SLACK, e.id() + ": attention Jaccard at random init");
            }
        }
    }

    @Test
    void aDamagedExampleIsRefusedNamingTheFile() throws Exception {
        Example e = Examples.all().get(0);
        Path run = Examples.unpack(e, tmp.resolve("damaged"));
        String step = Files.readString(run.resolve("checkpoints/latest")).strip();
        Path checkpoint = run.resolve("checkpoints").resolve(step);
        assertTrue(Files.isRegularFile(checkpoint.resolve("manifest.json")), e.id() + " ships its checkpoint's manifest");
        Path backbone = checkpoint.resolve("backbone.params");
        byte[] bytes = Files.readAllBytes(backbone);
        bytes[bytes.length / 2] ^= 0x5a; // one byte flipped: same size, other contents
        Files.write(backbone, bytes);
        CliTest.Outcome o = CliTest.run("eval", "knn", "--run", run.toString(), "--data", data(e.data()));
        assertTrue(o.code() != 0 && o.err().contains("backbone.params") && o.err().contains("damaged"), o.err());
    }

    @Test
    void packKeepsWhatEvaluationNeedsAndRefusesToOverwrite() throws Exception {
        Path run = tmp.resolve("run");
        CliTest.Outcome trained = CliTest.run("train", "--data", "sample:shapes", "--backbone", "convnet-tiny", "--steps", "2",
                "--batch-size", "16", "--image-size", "32", "--out", run.toString());
        assertEquals(0, trained.code(), trained.err());
        Path pack = tmp.resolve("pack");
        CliTest.Outcome packed = CliTest.run("pack", "--run", run.toString(), "--out", pack.toString());
        assertEquals(0, packed.code(), packed.err());
        assertEquals("packed=" + pack, packed.lastLine());
        try (Stream<Path> files = Files.walk(pack)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> pack.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
            assertEquals(List.of("checkpoints/latest", "checkpoints/step-0000002/backbone.params",
                    "checkpoints/step-0000002/manifest.json", "checkpoints/step-0000002/state.json", "config.json", "metrics.jsonl"),
                            names);
        }
        String original = CliTest.run("eval", "knn", "--run", run.toString(), "--data", "sample:shapes", "--k", "20").lastLine();
        assertEquals(original, CliTest.run("eval", "knn", "--run", pack.toString(), "--data", "sample:shapes", "--k", "20").lastLine());

        CliTest.Outcome again = CliTest.run("pack", "--run", run.toString(), "--out", pack.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
        CliTest.Outcome resumed = CliTest.run("train", "--resume", pack.toString());
        assertNotEquals(0, resumed.code(), "a pack has no optimizer state to resume from");
        assertEquals(1, resumed.err().strip().lines().count(), resumed.err());
    }

    private static double result(CliTest.Outcome o, String key) {
        assertEquals(0, o.code(), o.err());
        String line = o.out().lines().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow(() -> new AssertionError(o.out()));
        return Double.parseDouble(line.substring(key.length() + 1));
    }

    /** A data set as an example names it, with ../shared/data/ where the tests find the shared data. */
    private static String data(String data) {
        String shared = "../shared/data/";
        return data.startsWith(shared) ? Path.of(System.getProperty("contrastlab.shared.data"), data.substring(shared.length())).toString()
                : data;
    }
}
