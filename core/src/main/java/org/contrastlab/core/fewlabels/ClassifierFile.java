package org.contrastlab.core.fewlabels;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.contrastlab.core.io.SafeTensors;

/**
 * A fine-tuned network kept in its run, {@code finetuned/<labels>-seed<seed>.safetensors}: every
 * parameter of the encoder ({@code backbone.…}) and the classifier ({@code head.…}), with what it
 * was fine-tuned on and a CRC-32 of all its numbers in the metadata, so that a damaged file is
 * refused, not used. Distillation reads its teacher from here.
 */
public final class ClassifierFile {
    public static final String FOLDER = "finetuned";

    /**
     * What a file says about its network; {@code headLayers}: how many hidden layers of the run's
     * projection head the encoder kept (SimCLR v2's fine-tuning, {@link HeadLayers}; 0 in files
     * written before it).
     */
    public record Meta(String labels, long seed, int classes, int labelled, double top1, int headLayers) {
        public Meta(String labels, long seed, int classes, int labelled, double top1) {
            this(labels, seed, classes, labelled, top1, 0);
        }
    }

    /** A file whose numbers matched its CRC-32: what it says, and its numbers to load into a network of that architecture. */
    public record Kept(Path file, Meta meta, Map<String, SafeTensors.Tensor> tensors) {
        /** Loads the numbers into {@code net}, refused (naming the parameters) when it has another architecture. */
        public void loadInto(Classifier net) {
            List<String> problems = new ArrayList<>();
            load(tensors, "backbone.", net.backbone(), problems);
            load(tensors, "head.", net.head(), problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(file + ": does not fit this network: " + String.join("; ", problems));
            }
        }
    }

    private ClassifierFile() {
    }

    /** Where a run keeps the network fine-tuned on {@code labels} with {@code seed}. */
    public static Path of(Path runDir, String labels, long seed) {
        return runDir.resolve(FOLDER).resolve(LabelSubset.fileName(labels, seed).replaceFirst("\\.txt$", ".safetensors"));
    }

    /** The networks a run keeps, by file. */
    public static List<Path> all(Path runDir) {
        Path dir = runDir.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code net} atomically. */
    public static void write(Path file, Classifier net, Meta meta) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        put(tensors, "backbone.", net.backbone());
        put(tensors, "head.", net.head());
        Map<String, String> m = new LinkedHashMap<>();
        m.put("labels", meta.labels());
        m.put("seed", Long.toString(meta.seed()));
        m.put("classes", Integer.toString(meta.classes()));
        m.put("labelled", Integer.toString(meta.labelled()));
        m.put("top1", String.format(Locale.ROOT, "%.4f", meta.top1()));
        m.put("head_layers", Integer.toString(meta.headLayers()));
        m.put("crc32", Long.toString(crc(tensors)));
        try {
            Files.createDirectories(file.getParent());
            SafeTensors.write(file, tensors, m);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the fine-tuned network (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads the file into {@code net}, whose blocks must have the architecture it was written from
     * (the run's backbone and a head for its classes); returns what it says about itself.
     */
    public static Meta read(Path file, Classifier net) {
        Kept kept = open(file);
        kept.loadInto(net);
        return kept.meta();
    }

    /** Reads and checks the file: refused when damaged (its numbers do not match its CRC-32). */
    public static Kept open(Path file) {
        SafeTensors.Contents c;
        try {
            c = SafeTensors.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the fine-tuned network (" + e.getMessage() + ")", e);
        }
        Map<String, String> m = c.metadata();
        if (!m.containsKey("crc32") || crc(c.tensors()) != Long.parseLong(m.get("crc32"))) {
            throw new IllegalArgumentException(file + ": damaged (its numbers do not match the CRC-32 it was written with); fine-tune "
                    + "again to replace it");
        }
        Meta meta = new Meta(m.get("labels"), Long.parseLong(m.get("seed")), Integer.parseInt(m.get("classes")),
                Integer.parseInt(m.get("labelled")), Double.parseDouble(m.get("top1")),
                Integer.parseInt(m.getOrDefault("head_layers", "0")));
        return new Kept(file, meta, c.tensors());
    }

    private static void put(Map<String, SafeTensors.Tensor> out, String prefix, Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.put(prefix + p.getKey(), new SafeTensors.Tensor(a.getShape().getShape(), a.toFloatArray()));
        }
    }

    private static void load(Map<String, SafeTensors.Tensor> in, String prefix, Block block, List<String> problems) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            SafeTensors.Tensor t = in.get(prefix + p.getKey());
            NDArray a = p.getValue().getArray();
            if (t == null) {
                problems.add("no " + prefix + p.getKey());
            } else if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                problems.add(prefix + p.getKey() + " is " + Arrays.toString(t.shape()) + ", the network's " + a.getShape());
            } else {
                a.set(t.data());
            }
        }
    }

    private static long crc(Map<String, SafeTensors.Tensor> tensors) {
        CRC32 crc = new CRC32();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(e.getValue().data());
            crc.update(b);
        }
        return crc.getValue();
    }
}
