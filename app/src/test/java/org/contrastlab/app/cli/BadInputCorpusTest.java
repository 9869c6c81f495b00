package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each case is generated here (small files, made by code, nothing large
 * committed), run through the command line in-process, and held to its expected outcome:
 * refused with exit 2 and one line naming the file and the problem, no stack trace, nothing
 * written where the command was told to write; or accepted, saying what it passed over.
 * docs/promises.md lists what these cases stand for.
 */
class BadInputCorpusTest {
    @TempDir
    static Path shared;
    private static Path tiny;
    private static Path base;
    @TempDir
    Path dir;

    /** What a case expects: the exit code, text stderr must hold ({FILE} is the case's file), and whether --out may exist after. */
    record Case(String name, Setup setup, int code, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Makes a case's files in {@code dir}; returns the arguments and the file the message must name. */
    @FunctionalInterface
    interface Setup {
        Invocation make(Path dir) throws IOException;
    }

    record Invocation(List<String> args, Path file) {
        static Invocation of(Path file, String... args) {
            return new Invocation(List.of(args), file);
        }
    }

    @BeforeAll
    static void baseRun() throws IOException {
        tiny = BadInputs.labelledFolder(shared.resolve("tiny"), 2, 6);
        base = shared.resolve("base");
        CliTest.Outcome o = CliTest.run("train", "--data", tiny.toString(), "--backbone", "convnet-tiny", "--steps", "2",
                "--batch-size", "4", "--image-size", "32", "--checkpoint-every", "1", "--eval-every", "0", "--out", base.toString());
        assertEquals(0, o.code(), o.err());
    }

    @SuppressWarnings("checkstyle:methodlength") // the corpus: one row per bad input, read as a table
    static Stream<Case> cases() {
        return Stream.of(
                // images and data sets
                new Case("a PNG declaring 30000×30000 pixels is refused before decoding", d -> {
                    Path f = BadInputs.pngDeclaring(d.resolve("bomb.png"), 30000, 30000);
                    return augmentImage(f, d);
                }, 2, "{FILE}: declares 30000×30000 pixels"),
                new Case("a JPEG claiming 26000×26000 is refused before decoding", d -> {
                    Path f = BadInputs.jpegDeclaring(d.resolve("huge.jpg"), 26000, 26000);
                    return augmentImage(f, d);
                }, 2, "{FILE}: declares 26000×26000 pixels"),
                new Case("a JPEG missing half its bytes is an error, not a grey lower half", d -> {
                    Path f = BadInputs.truncatedJpeg(d.resolve("half.jpg"));
                    return augmentImage(f, d);
                }, 2, "{FILE}: truncated or damaged"),
                new Case("a folder with a truncated JPEG and a dangling link trains and reports both", d -> {
                    Path data = BadInputs.labelledFolder(d.resolve("data"), 2, 6);
                    Path half = BadInputs.truncatedJpeg(data.resolve("class0").resolve("half.jpg"));
                    Files.createSymbolicLink(data.resolve("class1").resolve("gone.png"), d.resolve("nowhere.png"));
                    return augmentData(half, data, d);
                }, 0, "skipped {FILE}: truncated or damaged"),
                new Case("a dangling link in a data set is reported as skipped", d -> {
                    Path data = BadInputs.labelledFolder(d.resolve("data"), 2, 6);
                    Path link = Files.createSymbolicLink(data.resolve("class1").resolve("gone.png"), d.resolve("nowhere.png"));
                    return augmentData(link, data, d);
                }, 0, "skipped {FILE}: a link to nothing"),
                idxCase("an IDX header claiming a huge count is refused before allocating", 2_000_000_000,
                        "{FILE}: declares 2000000000 images"),
                idxCase("an IDX header with a negative count is refused", -5, "{FILE}: declares -5 images"),
                idxCase("an IDX file shorter than its header says is refused", 60000, "{FILE}: 46 bytes, but its header declares"),
                new Case("a damaged Fashion-MNIST .gz does not train (its checksum is read)", d -> {
                    Path f = BadInputs.corruptGzipIdx(d.resolve("fashion-mnist"));
                    return trainOn(f, d.resolve("fashion-mnist"), d);
                }, 2, "{FILE}"),
                new Case("a 3 GB sparse CIFAR .bin is refused by its size, unread", d -> {
                    Path f = d.resolve("data_batch_1.bin");
                    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                        raf.setLength(3073L * 1_000_000);
                    }
                    return trainOn(f, f, d);
                }, 2, "{FILE}: declares 1000000 images"),
                // embeddings files
                new Case("a .npy header claiming a huge shape is refused", d -> {
                    Path f = BadInputs.npyDeclaring(d.resolve("e.npy"), "(2000000000, 2000000000)");
                    return Invocation.of(f, "map", "--embeddings", f.toString(), "--out", d.resolve("out.csv").toString());
                }, 2, "{FILE}"),
                new Case("a .npy whose header is cut short is refused", d -> {
                    Path f = d.resolve("e.npy");
                    Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xff, 0x7f, '{'});
                    return Invocation.of(f, "map", "--embeddings", f.toString(), "--out", d.resolve("out.csv").toString());
                }, 2, "{FILE}"),
                new Case("NaN embeddings are refused, not mapped with trustworthiness 1", d -> {
                    Path f = BadInputs.npyWithNaN(d.resolve("e.npy"));
                    return Invocation.of(f, "map", "--embeddings", f.toString(), "--out", d.resolve("out.csv").toString());
                }, 2, "{FILE}: row 3 holds NaN"),
                new Case("a labels file with label 2,000,000,000 is refused", d -> {
                    Path f = BadInputs.npyOk(d.resolve("e.npy"), 8, 4);
                    Path tsv = d.resolve("e.labels.tsv");
                    Files.writeString(tsv, "index\tlabel\tclass\n" + "0\t2000000000\tx\n" + "1\t0\ta\n".repeat(7));
                    return Invocation.of(tsv, "map", "--embeddings", f.toString(), "--out", d.resolve("out.csv").toString());
                }, 2, "{FILE}: line 2 has label 2000000000"),
                // flags and recipes: refused before anything is written
                new Case("--epochs 2000000000 is refused, not wrapped round", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--epochs", "2000000000", "--batch-size", "4",
                                "--out", d.resolve("out").toString()), 2, "over the limit of 100000000 steps"),
                new Case("--weight-decay Infinity is refused", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--weight-decay", "Infinity",
                                "--out", d.resolve("out").toString()), 2, "--weight-decay must be a finite number"),
                new Case("--weight-decay-end NaN is refused", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--weight-decay-end", "NaN",
                                "--out", d.resolve("out").toString()), 2, "--weight-decay-end must be a finite number"),
                new Case("a fractional count is refused", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--method", "moco-v2", "--param", "queue_size=100.5",
                                "--out", d.resolve("out").toString()), 2, "--param queue_size is a count"),
                new Case("a recipe brightness of 1e300 is refused", d -> {
                    Path f = BadInputs.recipe(d.resolve("r.yaml"), "brightness: 1.0e300");
                    return Invocation.of(f, "train", "--data", tiny.toString(), "--recipe", f.toString(), "--out", d.resolve("out")
                            .toString());
                }, 2, "brightness must be within"),
                new Case("a recipe with a key given twice is refused", d -> {
                    Path f = BadInputs.recipe(d.resolve("r.yaml"), "brightness: 0.4\n    brightness: 0.8");
                    return Invocation.of(f, "train", "--data", tiny.toString(), "--recipe", f.toString(), "--out", d.resolve("out")
                            .toString());
                }, 2, "{FILE}"),
                new Case("--out '' is refused", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--batch-size", "4", "--out", ""), 2, "--out is empty"),
                new Case("--sync-every 0 is refused before the run folder exists", d ->
                        Invocation.of(null, "train", "--data", tiny.toString(), "--batch-size", "4", "--sync-every", "0",
                                "--out", d.resolve("out").toString()),
                        2, "--sync-every must be at least 1"),
                // weights files
                new Case("a truncated weights file is refused with its reason, not '(null)'", d -> {
                    Path f = d.resolve("vit.safetensors");
                    Files.write(f, new byte[] {(byte) 200, 0, 0, 0, 0, 0, 0, 0, '{', '"'});
                    return Invocation.of(f, "attention", "--weights", f.toString(), "--image", f.toString(), "--out", d.resolve("out")
                            .toString());
                }, 2, "{FILE}"),
                // run folders
                new Case("a network file of garbage (a run from before manifests) is refused by name", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), true);
                    Path f = run.resolve("checkpoints/step-0000002/backbone.params");
                    Files.write(f, new byte[1000]);
                    return Invocation.of(f, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 2, "{FILE}: cannot load"),
                new Case("a truncated network file is passed over for the checkpoint before it, with a note", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), false);
                    Path f = run.resolve("checkpoints/step-0000002/backbone.params");
                    BadInputs.truncate(f);
                    return Invocation.of(f, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 0, "note: {FILE}: "),
                new Case("a run whose every checkpoint is damaged is refused", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), false);
                    BadInputs.truncate(run.resolve("checkpoints/step-0000001/backbone.params"));
                    BadInputs.truncate(run.resolve("checkpoints/step-0000002/backbone.params"));
                    return Invocation.of(run, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 2, "{FILE}: the run has no checkpoint"),
                new Case("a missing optimizer state stops a resume (a run from before manifests)", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), true);
                    Path f = run.resolve("checkpoints/step-0000002/optimizer.ndlist");
                    Files.delete(f);
                    return Invocation.of(f, "train", "--resume", run.toString());
                }, 2, "{FILE}: missing"),
                new Case("latest naming a folder of another run is ignored, with a note", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), false);
                    Path f = run.resolve("checkpoints/latest");
                    Files.writeString(f, "../../elsewhere/checkpoints/step-0000009\n");
                    return Invocation.of(f, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 0, "note: {FILE}: names '../../elsewhere"),
                new Case("a config.json whose backbone differs from the weights is refused", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), false);
                    Path config = run.resolve("config.json");
                    Files.writeString(config, Files.readString(config).replaceAll("\"backbone\" *: *\"convnet-tiny\"",
                            "\"backbone\":\"convnet-small\""));
                    return Invocation.of(run.resolve("checkpoints/step-0000002/backbone.params"), "eval", "knn", "--run", run.toString(),
                            "--data", tiny.toString());
                }, 2, "{FILE}: parameter"),
                new Case("a state.json without its step is refused by name", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), true);
                    Path f = run.resolve("checkpoints/step-0000002/state.json");
                    Files.writeString(f, Files.readString(f).replaceAll("\"step\" *: *\\d+", "\"stop\":2"));
                    return Invocation.of(f, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 2, "{FILE}: has no step count"),
                new Case("a state.json without normalisation values is refused by name", d -> {
                    Path run = BadInputs.copyRun(base, d.resolve("run"), true);
                    Path f = run.resolve("checkpoints/step-0000002/state.json");
                    Files.writeString(f, "{\"step\":2}");
                    return Invocation.of(f, "eval", "knn", "--run", run.toString(), "--data", tiny.toString());
                }, 2, "{FILE}: has no usable normalisation"));
    }

    /** An MNIST-style folder whose image file declares {@code n} 28×28 images in a 46-byte file, given to train. */
    private static Case idxCase(String name, int n, String mentions) {
        return new Case(name, d -> trainOn(BadInputs.idxDeclaring(d.resolve("mnist"), n, 28, 28), d.resolve("mnist"), d), 2, mentions);
    }

    private static Invocation trainOn(Path file, Path data, Path d) {
        return Invocation.of(file, "train", "--data", data.toString(), "--out", d.resolve("out").toString());
    }

    private static Invocation augmentImage(Path image, Path d) {
        return Invocation.of(image, "augment", "--image", image.toString(), "--recipe", "simclr-cifar", "--out", d.resolve("out")
                .toString());
    }

    private static Invocation augmentData(Path file, Path data, Path d) {
        return Invocation.of(file, "augment", "--data", data.toString(), "--recipe", "simclr-cifar", "--n", "1",
                "--out", d.resolve("out").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputHasItsExpectedOutcome(Case c) throws IOException {
        Invocation inv = c.setup().make(dir);
        CliTest.Outcome o = CliTest.run(inv.args().toArray(String[]::new));
        String expected = c.mentions().replace("{FILE}", inv.file() == null ? "" : inv.file().toString());
        assertEquals(c.code(), o.code(), c.name() + ": exit code; stderr: " + o.err());
        assertTrue(o.err().contains(expected), c.name() + ": stderr should hold '" + expected + "', was: " + o.err());
        assertFalse(o.err().contains("\tat ") || o.err().contains("Exception"), c.name() + ": a stack trace or a raw exception: "
                + o.err());
        if (c.code() != 0) {
            assertTrue(o.err().lines().filter(l -> l.startsWith("error: ")).count() == 1, c.name() + ": one error line: " + o.err());
            int i = inv.args().indexOf("--out");
            if (i >= 0 && inv.args().get(0).equals("train") && !inv.args().get(i + 1).isEmpty()) {
                assertFalse(Files.exists(Path.of(inv.args().get(i + 1))), c.name() + ": nothing written before refusing");
            }
        }
    }
}
