package org.contrastlab.sample;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.CacheDirectory;
import org.contrastlab.core.io.Folders;

/**
 * Trained models that ship with ContrastLab: small run folders (configuration, metrics and the
 * last checkpoint's backbone, no optimizer state; each a few MB) made by the project's own
 * commands, listed in {@code examples/index.json} of this module's resources, each with an
 * {@code example.json} that says what it is, the command that made it and the figures
 * measured on it. The window opens them so that a first look shows a trained model.
 * {@link #unpack} copies one to the cache folder, where it is an ordinary run.
 */
public final class Examples {
    private static final String ROOT = "/org/contrastlab/sample/examples/";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One example run.
     *
     * @param id its folder name
     * @param title a short name for lists ("SimCLR · shapes")
     * @param description what to look at in it
     * @param data the data set it was trained on, as {@code --data} takes it
     * @param views the views it is meant for: "attention", "embeddings"
     * @param command the command that made it
     * @param figures what was measured on it ({@code knn_top1}, {@code attention_jaccard}, their
     *                random-init baselines …), by the commands in {@code measured}
     * @param measured the commands that measure the figures
     */
    public record Example(String id, String title, String description, String data, List<String> views, String command,
                          Map<String, Double> figures, List<String> measured) {
        public boolean isFor(String view) {
            return views != null && views.contains(view);
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private record Index(List<String> examples) {
    }

    private Examples() {
    }

    /** The index and every example.json, read once on first use: they are resources of this jar and do not change. */
    private static final class Read {
        static final List<Example> ALL = readAll();
    }

    /** Every shipped example, in the index's order. */
    public static List<Example> all() {
        return Read.ALL;
    }

    private static List<Example> readAll() {
        List<Example> out = new ArrayList<>();
        for (String id : read(ROOT + "index.json", Index.class).examples()) {
            Example e = read(ROOT + id + "/example.json", Example.class);
            if (!id.equals(e.id())) {
                throw new IllegalStateException("example " + id + ": example.json names " + e.id());
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    /** The example with this id. */
    public static Optional<Example> byId(String id) {
        return all().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The first example meant for a view ("attention", "embeddings"). */
    public static Optional<Example> firstFor(String view) {
        return all().stream().filter(e -> e.isFor(view)).findFirst();
    }

    /** {@link #unpack(Example, Path)} into the cache folder's {@code examples/}. */
    public static Path unpack(Example example) {
        return unpack(example, CacheDirectory.get().resolve("examples"));
    }

    /**
     * The example as a run folder under {@code parent} (copied on first use, through a temporary
     * folder and a rename, so that a crash never leaves half an example): {@code config.json},
     * {@code metrics.jsonl}, {@code example.json} and {@code checkpoints/} with its latest
     * checkpoint's backbone, state and manifest (so that a damaged copy is refused, not opened).
     */
    public static Path unpack(Example example, Path parent) {
        Path target = parent.resolve(example.id());
        if (Files.isRegularFile(target.resolve("checkpoints").resolve("latest"))) {
            return target;
        }
        String base = ROOT + example.id() + "/";
        String step = text(base + "checkpoints/latest").strip();
        List<String> files = List.of("example.json", "config.json", "metrics.jsonl", "checkpoints/" + step + "/state.json",
                "checkpoints/" + step + "/backbone.params", "checkpoints/" + step + "/manifest.json", "checkpoints/latest");
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempDirectory(parent, "." + example.id() + "-");
            try {
                for (String f : files) {
                    Path out = temp.resolve(f);
                    Files.createDirectories(out.getParent());
                    try (InputStream in = open(base + f)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                AtomicFiles.move(temp, target);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process unpacked it first
            } finally {
                Folders.deleteTree(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the example " + example.id() + " into " + parent + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = open(resource)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = Examples.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("the example file " + resource + " is missing from the sample-data jar");
        }
        return in;
    }

}
