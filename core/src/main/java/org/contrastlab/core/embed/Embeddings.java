package org.contrastlab.core.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.contrastlab.core.data.DataLimits;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.eval.Embedder;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Npy;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.train.TrainingModel;

/**
 * The embeddings of a dataset's images: n rows of d L2-normalised features (the backbone's
 * output, as kNN sees it), each with its image's index in the split and its label. Written as
 * {@code .npy} or {@code .safetensors} (tensor {@code embeddings}) with a labels file beside it
 * ({@code <name>.labels.tsv}: index, label, class; TensorBoard's metadata format).
 */
public record Embeddings(int n, int d, float[] values, int[] indices, int[] labels, List<String> classNames) {
    public Embeddings {
        if ((long) n * d != values.length || indices.length != n || labels.length != n) {
            throw new IllegalArgumentException(values.length + " values, " + indices.length + " indices and "
                    + labels.length + " labels do not make " + n + " embeddings of " + d);
        }
    }

    /** The class name of point i, or "" when it has no label (or no name). */
    public String className(int i) {
        int l = labels[i];
        return l >= 0 && l < classNames.size() ? classNames.get(l) : "";
    }

    /** Every image of {@code images} through the model's backbone, in batches on the manager's device. */
    public static Embeddings of(TrainingModel.Loaded model, ImageStore images, NDManager manager) {
        if (images.size() == 0) {
            throw new IllegalArgumentException("no images to embed");
        }
        Embedder embedder = new Embedder(model.backbone(), new ParameterStore(manager, false), model.normalization(), model.imageSize(),
                256);
        try (NDManager scope = manager.newSubManager()) {
            NDArray f = embedder.embed(images, scope);
            int d = (int) f.getShape().get(1);
            int[] idx = IntStream.range(0, images.size()).toArray();
            return new Embeddings(images.size(), d, f.toFloatArray(), idx, images.labels(), images.classNames());
        }
    }

    /**
     * The embeddings of {@code images} by the model, read from the run's {@code embeddings/}
     * folder when that checkpoint already embedded the same images there, else computed and
     * written there, so that reopening a map is instant.
     *
     * @param key what the images are (dataset and split), part of the file's name
     */
    public static Embeddings cached(Path run, String key, boolean randomInit, TrainingModel.Loaded model, ImageStore images,
            NDManager manager) {
        String safe = key.replaceAll("[^A-Za-z0-9._-]+", "_");
        String network = model.network().equals("backbone") ? "" : "-" + model.network();
        Path file = run.resolve("embeddings").resolve(String.format(Locale.ROOT, "%s-%d-%s%s.npy", safe, images.size(),
                randomInit ? "random" : "step" + model.step(), network));
        if (Files.isRegularFile(file) && Files.isRegularFile(labelsFile(file))) {
            try {
                Embeddings e = read(file);
                if (e.n() == images.size()) {
                    return new Embeddings(e.n(), e.d(), e.values(), e.indices(), e.labels(), images.classNames());
                }
            } catch (RuntimeException ignored) {
                // a damaged cache file is computed again below
            }
        }
        Embeddings e = of(model, images, manager);
        try {
            Files.createDirectories(file.getParent());
            e.write(file);
        } catch (IOException | RuntimeException ex) {
            // a run folder we cannot write to still gets its map, only not cached
        }
        return e;
    }

    /** Writes the matrix ({@code .npy} or {@code .safetensors}, by the file's extension) and the labels file. */
    public void write(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".npy")) {
            Npy.write(file, values, n, d);
        } else if (name.endsWith(".safetensors")) {
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            tensors.put("embeddings", new SafeTensors.Tensor(new long[] {n, d}, values));
            try {
                SafeTensors.write(file, tensors, Map.of("format", "contrastlab-embeddings", "rows", Integer.toString(n)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        } else {
            throw new IllegalArgumentException(file + ": write embeddings as .npy or .safetensors");
        }
        AtomicFiles.write(labelsFile(file), labelsTsv().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads what {@link #write} wrote (or any n × d float matrix; labels from the labels file when there is one). */
    public static Embeddings read(Path file) {
        String name = file.getFileName().toString();
        float[] values;
        int n;
        int d;
        if (name.endsWith(".npy")) {
            Npy.Matrix m = Npy.read(file);
            values = m.values();
            n = m.rows();
            d = m.columns();
        } else if (name.endsWith(".safetensors")) {
            try {
                SafeTensors.Contents c = SafeTensors.read(file);
                SafeTensors.Tensor t = c.tensors().get("embeddings");
                if (t == null || t.shape().length != 2) {
                    throw new IllegalArgumentException(file + ": no 2-D tensor named 'embeddings' (has " + c.tensors().keySet() + ")");
                }
                values = t.data();
                n = (int) t.shape()[0];
                d = (int) t.shape()[1];
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        } else {
            throw new IllegalArgumentException(file + ": embeddings are read from .npy or .safetensors");
        }
        if (n == 0 || d == 0) {
            throw new IllegalArgumentException(file + ": an empty matrix (" + n + "×" + d + ")");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) { // a map of such rows would look fine and mean nothing
                throw new IllegalArgumentException(file + ": row " + (i / d) + " holds " + values[i]
                        + " (embeddings must be finite; was the run diverging?)");
            }
        }
        int[] idx = IntStream.range(0, n).toArray();
        int[] labels = new int[n];
        Arrays.fill(labels, ImageStore.UNLABELLED);
        List<String> classes = new ArrayList<>();
        Path tsv = labelsFile(file);
        if (Files.exists(tsv)) {
            readLabels(tsv, n, idx, labels, classes);
        }
        return new Embeddings(n, d, values, idx, labels, classes);
    }

    /** {@code x.npy} → {@code x.labels.tsv}. */
    public static Path labelsFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".labels.tsv");
    }

    private String labelsTsv() {
        StringBuilder sb = new StringBuilder("index\tlabel\tclass\n");
        for (int i = 0; i < n; i++) {
            sb.append(indices[i]).append('\t').append(labels[i]).append('\t').append(className(i)).append('\n');
        }
        return sb.toString();
    }

    private static void readLabels(Path tsv, int n, int[] idx, int[] labels, List<String> classes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(tsv + ": " + e.getMessage(), e);
        }
        if (lines.size() - 1 != n) {
            throw new IllegalArgumentException(tsv + ": " + (lines.size() - 1) + " labels for " + n + " embeddings");
        }
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split("\t", -1);
            try {
                idx[i] = Integer.parseInt(f[0]);
                labels[i] = Integer.parseInt(f[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(tsv + ": line " + (i + 2) + " is not 'index<TAB>label<TAB>class'");
            }
            if (labels[i] < ImageStore.UNLABELLED || labels[i] >= DataLimits.MAX_CLASSES) {
                throw new IllegalArgumentException(tsv + ": line " + (i + 2) + " has label " + labels[i] + " (labels run from 0 to "
                        + (DataLimits.MAX_CLASSES - 1) + ", " + ImageStore.UNLABELLED + " for none)");
            }
            if (labels[i] >= 0 && f.length > 2) {
                while (classes.size() <= labels[i]) {
                    classes.add("");
                }
                classes.set(labels[i], f[2]);
            }
        }
    }
}
