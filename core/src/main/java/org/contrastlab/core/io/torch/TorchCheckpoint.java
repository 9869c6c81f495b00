package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.io.torch.PickleValues.Global;
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
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long MAX_PICKLE = 256L << 20;
    private static final int MAX_DEPTH = 64;
    /** Deflate cannot expand more than about 1032:1; a record claiming more is a zip bomb. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final Path file;
    private final String format;
    private final Map<String, Tensor> tensors;
    private final StorageSource source;
    private String cachedKey;
    private ByteBuffer cachedBytes;

    private interface StorageSource extends AutoCloseable {
        ByteBuffer read(Storage storage) throws IOException;

        @Override
        void close() throws IOException;
    }

    private TorchCheckpoint(Path file, String format, Object root, StorageSource source) throws CheckpointException {
        this.file = file;
        this.format = format;
        this.source = source;
        Map<String, Tensor> found = new LinkedHashMap<>();
        collect(root, "", 0, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        this.tensors = Collections.unmodifiableMap(found);
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
                return openZip(file);
            }
            if (head.length >= 2 && head[0] == (byte) 0x80) {
                return openLegacy(file);
            }
            if (head.length > 261 && new String(head, 257, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ustar")) {
                throw new CheckpointException(file + ": a tar checkpoint of PyTorch before 0.4, which is not read; "
                        + "load it in PyTorch and save its state_dict again");
            }
            throw new CheckpointException(file + ": not a PyTorch checkpoint (neither a zip archive nor a pickle)");
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

    /** A persistent id {@code ('storage', torch.XStorage, key, location, numel[, view])} as a storage. */
    private static Storage storageId(Object pid, String where, boolean legacy) throws CheckpointException {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new CheckpointException(where + ": a persistent id that is not a storage: " + PickleGlobals.describe(pid));
        }
        if (!(t.get(1) instanceof Global type) || TorchDtype.ofStorage(type.name()) == null) {
            throw new CheckpointException(where + ": a storage of type " + PickleGlobals.describe(t.get(1)));
        }
        if (legacy && t.size() > 5 && t.get(5) != null) {
            throw new CheckpointException(where + ": a storage view of PyTorch before 0.4, which is not read");
        }
        long numel = PickleGlobals.toLong(t.get(4), where);
        if (numel < 0) {
            throw new CheckpointException(where + ": a storage of " + numel + " elements");
        }
        return new Storage(String.valueOf(t.get(2)), TorchDtype.ofStorage(type.name()), numel);
    }

    private static TorchCheckpoint openZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException(file + ": a damaged or truncated zip archive (" + e.getMessage() + ")");
        }
        try {
            String prefix = zipPrefix(zip, file);
            byte[] pickle = record(zip, prefix + "data.pkl", MAX_PICKLE, file);
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null && !new String(record(zip, prefix + "byteorder", 16, file), java.nio.charset.StandardCharsets.US_ASCII).trim().equals("little")) {
                throw new CheckpointException(file + ": written on a big-endian machine, which is not read");
            }
            String where = file + " (" + prefix + "data.pkl)";
            Map<String, Storage> seen = new LinkedHashMap<>();
            Object root = Unpickler.load(PickleInput.of(pickle), where, pid -> {
                Storage s = storageId(pid, where, false);
                Storage before = seen.putIfAbsent(s.key(), s);
                return before != null && before.dtype() == s.dtype() ? before : s;
            });
            StorageSource source = new StorageSource() {
                @Override
                public ByteBuffer read(Storage s) throws IOException {
                    long bytes = s.numel() * s.dtype().bytes();
                    return ByteBuffer.wrap(record(zip, prefix + "data/" + s.key(), bytes, file, bytes));
                }

                @Override
                public void close() throws IOException {
                    zip.close();
                }
            };
            return new TorchCheckpoint(file, "zip archive", root, source);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static String zipPrefix(ZipFile zip, Path file) throws CheckpointException {
        String pkl = null;
        for (ZipEntry e : Collections.list(zip.entries())) {
            String n = e.getName();
            if (n.endsWith("constants.pkl") || n.contains("/code/")) {
                throw new CheckpointException(file + ": a TorchScript archive (it carries code); save the model's "
                        + "state_dict with torch.save instead");
            }
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length() && pkl == null) {
                pkl = n;
            } else if (n.equals("data.pkl") && pkl == null) {
                pkl = n;
            }
        }
        if (pkl == null) {
            throw new CheckpointException(file + ": a zip archive without a data.pkl record: not a PyTorch checkpoint");
        }
        return pkl.substring(0, pkl.length() - "data.pkl".length());
    }

    private static byte[] record(ZipFile zip, String name, long max, Path file) throws IOException {
        return record(zip, name, max, file, -1);
    }

    /** The bytes of one record: at most {@code max}, exactly {@code exact} when that is ≥ 0. */
    private static byte[] record(ZipFile zip, String name, long max, Path file, long exact) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointException(file + ": the archive has no record " + name);
        }
        long size = e.getSize();
        long packed = e.getCompressedSize();
        long fileSize = Files.size(file);
        if (size < 0 || packed > fileSize || (e.getMethod() == ZipEntry.STORED && size > fileSize)
                || (e.getMethod() == ZipEntry.DEFLATED && size > Math.max(packed, 1) * MAX_DEFLATE_RATIO)) {
            throw new CheckpointException(file + ": record " + name + " claims " + size + " bytes from " + packed
                    + " in a file of " + fileSize + " (a lying size or a zip bomb)");
        }
        if (size > max || (exact >= 0 && size < exact)) {
            throw new CheckpointException(file + ": record " + name + " holds " + size + " bytes where "
                    + (exact >= 0 ? exact + " are needed" : "at most " + max + " are read"));
        }
        if (exact > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(file + ": record " + name + " is larger than 2 GB, which is not read");
        }
        int want = (int) (exact >= 0 ? exact : size);
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(want);
            if (b.length != want) {
                throw new CheckpointException(file + ": record " + name + " ends after " + b.length + " of " + want + " bytes (truncated)");
            }
            return b;
        } catch (ZipException ex) {
            throw new CheckpointException(file + ": record " + name + " is damaged (" + ex.getMessage() + ")");
        }
    }

    private static TorchCheckpoint openLegacy(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            PickleInput in = PickleInput.of(ch, 0);
            Unpickler.PersistentLoader none = pid -> {
                throw new CheckpointException(file + ": a storage outside the main pickle");
            };
            Object magic = Unpickler.load(in, file.toString(), none);
            if (!(magic instanceof BigInteger b && b.equals(MAGIC))) {
                throw new CheckpointException(file + ": a pickle, but not one written by torch.save (no magic number); "
                        + "only PyTorch checkpoints are read");
            }
            Object protocol = Unpickler.load(in, file.toString(), none);
            if (!Long.valueOf(1001).equals(protocol)) {
                throw new CheckpointException(file + ": legacy checkpoint protocol " + protocol + ", only 1001 is read");
            }
            Object info = Unpickler.load(in, file.toString(), none);
            if (info instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
                throw new CheckpointException(file + ": written on a big-endian machine, which is not read");
            }
            Map<String, Storage> storages = new LinkedHashMap<>();
            String where = file.toString();
            Object root = Unpickler.load(in, where, pid -> {
                Storage s = storageId(pid, where, true);
                return storages.computeIfAbsent(s.key(), k -> s);
            });
            Object keys = Unpickler.load(in, where, none);
            Map<String, Long> offsets = new LinkedHashMap<>();
            long at = in.position();
            long size = ch.size();
            for (Object k : PickleGlobals.itemsOf(keys, where)) {
                Storage s = storages.get(String.valueOf(k));
                if (at + 8 > size) {
                    throw new CheckpointException(file + ": ends before storage " + k + " (truncated)");
                }
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(len, at);
                long numel = len.flip().getLong();
                long bytes = s == null ? -1 : Math.multiplyExact(numel, s.dtype().bytes());
                if (s == null || numel != s.numel() || bytes < 0 || at + 8 + bytes > size) {
                    throw new CheckpointException(file + ": storage " + k + " declares " + numel + " elements"
                            + (s == null ? ", but no tensor uses it" : " where its tensors say " + s.numel() + " and the file has "
                            + Math.max(0, size - at - 8) + " bytes left") + " (a lying size or a truncated file)");
                }
                offsets.put(s.key(), at + 8);
                at += 8 + bytes;
            }
            for (String k : storages.keySet()) {
                if (!offsets.containsKey(k)) {
                    throw new CheckpointException(file + ": storage " + k + " is used but not in the file (truncated?)");
                }
            }
            StorageSource source = new StorageSource() {
                @Override
                public ByteBuffer read(Storage s) throws IOException {
                    long bytes = s.numel() * s.dtype().bytes();
                    if (bytes > Integer.MAX_VALUE - 16) {
                        throw new CheckpointException(file + ": storage " + s.key() + " is larger than 2 GB, which is not read");
                    }
                    ByteBuffer b = ByteBuffer.allocate((int) bytes);
                    long p = offsets.get(s.key());
                    while (b.hasRemaining()) {
                        if (ch.read(b, p + b.position()) < 0) {
                            throw new CheckpointException(file + ": ends inside storage " + s.key() + " (truncated)");
                        }
                    }
                    return b.flip();
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
            return new TorchCheckpoint(file, "legacy stream", root, source);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof ArithmeticException) {
                throw new CheckpointException(file + ": sizes that overflow (a lying size)");
            }
            throw e;
        }
    }
}
