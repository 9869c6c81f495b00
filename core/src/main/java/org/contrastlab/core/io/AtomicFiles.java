package org.contrastlab.core.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/** Writes that never leave a half-written file: write to a temporary sibling, then rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            move(tmp, target);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a full disk leaves no half-written temporary file behind
            throw e;
        }
    }

    /** Writes {@code bytes} to {@code target} through a temporary sibling. */
    public static void write(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            move(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code source} onto {@code target} atomically where the file system allows it. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through {@code writer} and syncs it to the disk before returning, so
     * that a rename after it never exposes a file the disk does not hold yet; returns the
     * CRC-32 of what was written.
     */
    public static long writeSynced(Path file, Writer writer) throws IOException {
        CRC32 crc = new CRC32();
        try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
            BufferedOutputStream out = new BufferedOutputStream(new CheckedOutputStream(fos, crc), 1 << 16);
            writer.write(out);
            out.flush();
            fos.getFD().sync();
        }
        return crc.getValue();
    }

    /** Syncs a folder's entries (renames) to the disk where the system allows it. */
    public static void syncFolder(Path folder) {
        try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException ignored) {
            // some systems cannot open a folder for syncing; the renames are still atomic
        }
    }
}
