package org.contrastlab.core.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.io.torch.CheckpointException;
import org.contrastlab.core.io.torch.TorchCheckpoint;

/**
 * The tensors of a weights file, whatever wrote it: safetensors (timm's hub copies, our
 * exports) or {@code torch.save} (the zip archive or the legacy stream, {@code .pth},
 * {@code .pth.tar}, Lightning's {@code .ckpt}). Names are paths of keys; values are read on
 * demand as float32.
 */
public final class WeightsFile implements AutoCloseable {
    /** Where a file comes from, which decides how a ViT's position table is resampled. */
    public enum Origin {
        /** A safetensors file: timm's (and our) conventions. */
        SAFETENSORS,
        /** A torch.save checkpoint: the research repositories' (DINO's, MoCo's) conventions. */
        TORCH
    }

    private final Path file;
    private final Origin origin;
    private final String format;
    private final Map<String, long[]> shapes;
    private final Map<String, String> metadata;
    private final SafeTensors.Contents safetensors;
    private final TorchCheckpoint torch;

    private WeightsFile(Path file, SafeTensors.Contents safetensors, TorchCheckpoint torch) {
        this.file = file;
        this.safetensors = safetensors;
        this.torch = torch;
        Map<String, long[]> s = new LinkedHashMap<>();
        if (torch != null) {
            torch.tensors().forEach((k, v) -> s.put(k, v.shape()));
            this.origin = Origin.TORCH;
            this.format = "PyTorch checkpoint (" + torch.format() + ")";
            this.metadata = Map.of();
        } else {
            safetensors.tensors().forEach((k, v) -> s.put(k, v.shape()));
            this.origin = Origin.SAFETENSORS;
            this.format = "safetensors";
            this.metadata = safetensors.metadata();
        }
        this.shapes = Collections.unmodifiableMap(s);
    }

    /** Opens {@code file} by its first bytes (not its name). */
    public static WeightsFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no such file");
        }
        if (!looksLikeSafeTensors(file) && TorchCheckpoint.looksLikeTorch(file)) {
            return new WeightsFile(file, null, TorchCheckpoint.open(file));
        }
        return new WeightsFile(file, SafeTensors.read(file), null);
    }

    /**
     * A safetensors file: an 8-byte header length that fits the file, then the JSON header's
     * '{'. Checked first, since a header length such as 640 begins with the bytes 0x80 0x02 of
     * a pickle.
     */
    static boolean looksLikeSafeTensors(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(9);
            if (head.length < 9) {
                return false;
            }
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return n > 0 && n <= Files.size(file) - 8 && head[8] == '{';
        }
    }

    public Path file() {
        return file;
    }

    public Origin origin() {
        return origin;
    }

    /** "safetensors" or "PyTorch checkpoint (zip archive)" / "(legacy stream)". */
    public String format() {
        return format;
    }

    /** Every tensor's name and shape, in the file's order. */
    public Map<String, long[]> shapes() {
        return shapes;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public SafeTensors.Tensor read(String name) throws IOException {
        if (torch != null) {
            return torch.read(name);
        }
        SafeTensors.Tensor t = safetensors.tensors().get(name);
        if (t == null) {
            throw new CheckpointException(file + ": holds no tensor '" + name + "'");
        }
        return t;
    }

    /**
     * Copies tensor {@code name} into the initialised array {@code live} (no gradient recorded);
     * refuses a missing tensor or another shape, saying what {@code needs} it
     * ("the ViT", "a 384-wide ViT with patch 16").
     */
    public void copyInto(String name, NDArray live, String needs, NDManager manager) throws IOException {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new CheckpointException(file + ": tensor '" + name + "' is missing (" + needs + " needs it)");
        }
        if (!new Shape(shape).equals(live.getShape())) {
            throw new CheckpointException(file + ": tensor '" + name + "' has shape " + new Shape(shape) + ", " + needs + " needs "
                    + live.getShape());
        }
        SafeTensors.Tensor tensor = read(name);
        try (NDManager scope = manager.newSubManager(); NoGrad off = NoGrad.enter()) {
            live.set(new NDIndex(":"), scope.create(tensor.data(), new Shape(shape)));
        }
    }

    @Override
    public void close() throws IOException {
        if (torch != null) {
            torch.close();
        }
    }
}
