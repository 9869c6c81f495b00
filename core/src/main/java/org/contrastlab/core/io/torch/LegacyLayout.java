package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contrastlab.core.io.torch.PickleValues.Storage;

/**
 * The stream {@code torch.save} wrote before PyTorch 1.6 (and with
 * {@code _use_new_zipfile_serialization=False}): pickles of the magic number, the protocol
 * version and the system's sizes, then the object, then the sorted storage keys, then each
 * storage as an 8-byte element count and its bytes. The counts are checked against the
 * tensors' and the file's size before any storage is read.
 */
final class LegacyLayout {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private LegacyLayout() {
    }

    static StorageSource.Opened open(Path file) throws IOException {
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
                Storage s = StorageSource.storageId(pid, where, true);
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
            return new StorageSource.Opened("legacy stream", root, source);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof ArithmeticException) {
                throw new CheckpointException(file + ": sizes that overflow (a lying size)");
            }
            throw e;
        }
    }
}
