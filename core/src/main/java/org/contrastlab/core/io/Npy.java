package org.contrastlab.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for two-dimensional float matrices: written as
 * little-endian float32, read from float32 or float64, C order. Writes are atomic.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "'descr':\\s*'([<>|]?[a-z]\\d+)'.*'fortran_order':\\s*(True|False).*'shape':\\s*\\((\\d+),\\s*(\\d*)\\)?");

    /** A rows × columns matrix, row-major. */
    public record Matrix(int rows, int columns, float[] values) {
    }

    private Npy() {
    }

    public static void write(Path file, float[] values, int rows, int columns) {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(values.length + " values are not " + rows + "×" + columns);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        buf.asFloatBuffer().put(values);
        AtomicFiles.write(file, buf.array());
    }

    public static void write(Path file, double[] values, int rows, int columns) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        write(file, f, rows, columns);
    }

    /** Reads a 2-D (or 1-D, as one column) float32/float64 C-order matrix; anything else is refused naming the file. */
    public static Matrix read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (bytes.length < 10 || buf.get() != b) {
                throw new IllegalArgumentException(file + ": not a .npy file");
            }
        }
        int major = buf.get();
        buf.get();
        if (bytes.length < 12) {
            throw new IllegalArgumentException(file + ": not a .npy file (ends inside its header)");
        }
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        if (headerLength < 0 || headerLength > buf.remaining()) {
            throw new IllegalArgumentException(file + ": its header claims " + Integer.toUnsignedString(headerLength)
                    + " bytes, more than the file holds");
        }
        String header = new String(bytes, buf.position(), headerLength, StandardCharsets.US_ASCII);
        buf.position(buf.position() + headerLength);
        Matcher m = HEADER.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": cannot read the .npy header " + header.trim());
        }
        String type = m.group(1);
        if (m.group(2).equals("True")) {
            throw new IllegalArgumentException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        long rows = dimension(file, m.group(3));
        long columns = m.group(4) == null || m.group(4).isEmpty() ? 1 : dimension(file, m.group(4));
        int width = switch (type) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IllegalArgumentException(file + ": element type " + type + " is not float32 or float64");
        };
        long count = rows * columns; // both below 2^31: no overflow
        if (count > buf.remaining() / width) { // before anything the size of the header's shape is allocated
            throw new IllegalArgumentException(file + ": " + buf.remaining() + " bytes of data for the "
                    + BigInteger.valueOf(count).multiply(BigInteger.valueOf(width)) + " its header describes");
        }
        ByteBuffer data = checkSize(file, buf, width * count);
        float[] values = new float[Math.toIntExact(count)];
        switch (type) {
            case "<f4" -> data.asFloatBuffer().get(values);
            case "<f8" -> {
                DoubleBuffer d = data.asDoubleBuffer();
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) d.get();
                }
            }
            default -> throw new IllegalStateException(type);
        }
        return new Matrix((int) rows, (int) columns, values);
    }

    private static long dimension(Path file, String digits) {
        try {
            long v = Long.parseLong(digits);
            if (v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // too many digits: refused below
        }
        throw new IllegalArgumentException(file + ": its header declares a dimension of " + digits + ", too large to read");
    }

    private static ByteBuffer checkSize(Path file, ByteBuffer buf, long bytes) {
        if (buf.remaining() != bytes) {
            throw new IllegalArgumentException(file + ": " + buf.remaining() + " bytes of data for the " + bytes + " its header describes");
        }
        return buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
