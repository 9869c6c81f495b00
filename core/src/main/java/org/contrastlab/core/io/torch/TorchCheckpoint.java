package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.io.torch.PickleValues.Storage;
import org.contrastlab.core.io.torch.PickleValues.Tensor;
import org.contrastlab.core.io.torch.PickleValues.Tuple;

/**
 * A file written by {@code torch.save}, read as weights only: every tensor in it by its path
 * of keys ({@code state_dict.module.encoder_q.conv1.weight}), read on demand. Both layouts
 * are read: the zip archive of PyTorch 1.6 and later ({@code archive/data.pkl} and one
 * record a storage under {@code archive/data/}) and the legacy stream of earlier releases
 * (magic number, protocol, system info, the pickle, the storage keys, then each storage as an
 * 8-byte length and its bytes). Lengths in the file are checked against the file before
 * anything is allocated; a storage is read only when one of its tensors is.
 */
public final class TorchCheckpoint implements AutoCloseable {
    private static final int MAX_DEPTH = 64;

    private final Path file;
    private final String format;
    private final Map<String, Tensor> tensors;
    private final Map<String, Object> scalars;
    private final StorageSource source;
    private String cachedKey;
    private ByteBuffer cachedBytes;

    private TorchCheckpoint(Path file, StorageSource.Opened opened) throws CheckpointException {
        this.file = file;
        this.format = opened.format();
        this.source = opened.source();
        Object root = opened.root();
        Map<String, Tensor> found = new LinkedHashMap<>();
        collect(root, "", 0, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        this.tensors = Collections.unmodifiableMap(found);
        Map<String, Object> top = new LinkedHashMap<>();
        if (root instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String key && (v instanceof Number || v instanceof String || v instanceof Boolean)) {
                    top.put(key, v);
                }
            });
        }
        this.scalars = Collections.unmodifiableMap(top);
    }

    /**
     * The plain values at the top of the file's dictionary: numbers, strings, booleans (Lightning's
     * {@code epoch}, {@code global_step}, {@code pytorch-lightning_version}); empty for a bare state_dict.
     */
    public Map<String, Object> scalars() {
        return scalars;
    }

    /** True if {@code file} starts like a checkpoint of {@code torch.save} (a zip or a pickle). */
    public static boolean looksLikeTorch(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && ((head[0] == 'P' && head[1] == 'K') || (head[0] == (byte) 0x80 && head[1] <= 5));
        }
    }

    public static TorchCheckpoint open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(262);
            if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
                return of(file, ZipLayout.open(file));
            }
            if (head.length >= 2 && head[0] == (byte) 0x80) {
                return of(file, LegacyLayout.open(file));
            }
            if (head.length > 261 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
                throw new CheckpointException(file + ": a tar checkpoint of PyTorch before 0.4, which is not read; "
                        + "load it in PyTorch and save its state_dict again");
            }
            throw new CheckpointException(file + ": not a PyTorch checkpoint (neither a zip archive nor a pickle)");
        }
    }

    private static TorchCheckpoint of(Path file, StorageSource.Opened opened) throws IOException {
        try {
            return new TorchCheckpoint(file, opened);
        } catch (CheckpointException e) {
            opened.source().close();
            throw e;
        }
    }

    /** zip archive or legacy stream. */
    public String format() {
        return format;
    }

    public Path file() {
        return file;
    }

    /** Every tensor in the file by its path of keys, in the file's order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor {@code name} as float32 values in row-major order (any dtype, stride and offset). */
    public SafeTensors.Tensor read(String name) throws IOException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file + ": holds no tensor '" + name + "'");
        }
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(file + ": tensor '" + name + "' has " + n + " elements, more than one array holds");
        }
        ByteBuffer raw = storage(t.storage());
        float[] out = new float[(int) n];
        long[] shape = t.shape();
        long[] index = new long[shape.length];
        long at = t.offset();
        TorchDtype dtype = t.storage().dtype();
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.get(raw, (int) at);
            for (int d = shape.length - 1; d >= 0; d--) { // odometer over the shape, moving by the strides
                index[d]++;
                at += t.stride()[d];
                if (index[d] < shape[d]) {
                    break;
                }
                at -= shape[d] * t.stride()[d];
                index[d] = 0;
            }
        }
        return new SafeTensors.Tensor(shape.clone(), out);
    }

    private ByteBuffer storage(Storage s) throws IOException {
        if (!s.key().equals(cachedKey)) {
            cachedBytes = null;
            cachedBytes = source.read(s).order(ByteOrder.LITTLE_ENDIAN);
            cachedKey = s.key();
        }
        return cachedBytes;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void collect(Object o, String path, int depth, Map<String, Tensor> out, Set<Object> seen) throws CheckpointException {
        if (o instanceof Tensor t) {
            out.put(path.isEmpty() ? "tensor" : path, t);
            return;
        }
        boolean container = o instanceof Map<?, ?> || o instanceof List<?> || o instanceof Tuple;
        if (!container || !seen.add(o)) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new CheckpointException(file + ": nests dicts and lists deeper than " + MAX_DEPTH + " levels at '"
                    + (path.length() > 60 ? path.substring(0, 57) + "…" : path) + "'");
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collect(e.getValue(), prefix + e.getKey(), depth + 1, out, seen);
            }
        } else {
            List<?> items = o instanceof Tuple t ? t.items() : (List<?>) o;
            for (int i = 0; i < items.size(); i++) {
                collect(items.get(i), prefix + i, depth + 1, out, seen);
            }
        }
    }
}
