package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.contrastlab.core.io.torch.PickleValues.Storage;

/**
 * The zip archive {@code torch.save} writes since PyTorch 1.6: {@code <name>/data.pkl}, one
 * record a storage under {@code <name>/data/}, {@code version} and {@code byteorder}. Every
 * record's size is checked against the file (and a deflated one against deflate's ratio)
 * before it is read, and only the bytes a storage needs are read.
 */
final class ZipLayout {
    private static final long MAX_PICKLE = 256L << 20;
    /** Deflate cannot expand more than about 1032:1; a record claiming more is a zip bomb. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private ZipLayout() {
    }

    static StorageSource.Opened open(Path file) throws IOException {
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
            if (order != null && !new String(record(zip, prefix + "byteorder", 16, file), StandardCharsets.US_ASCII).trim()
                    .equals("little")) {
                throw new CheckpointException(file + ": written on a big-endian machine, which is not read");
            }
            String where = file + " (" + prefix + "data.pkl)";
            Map<String, Storage> seen = new LinkedHashMap<>();
            Object root = Unpickler.load(PickleInput.of(pickle), where, pid -> {
                Storage s = StorageSource.storageId(pid, where, false);
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
            return new StorageSource.Opened("zip archive", root, source);
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

}
