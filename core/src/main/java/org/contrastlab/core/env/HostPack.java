package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The host-made numbers of one training step (the batch's indices, every view's crop boxes,
 * colour matrices, blur taps, ...) gathered and sent to the device as one float32 array.
 *
 * <p>Each {@code NDManager.create} from Java memory is a copy with libtorch's blocking
 * {@code to(device)}: on a GPU it waits until all the work queued before it is done, so a step
 * that sent its small arrays one at a time as its ops needed them (about 90 for SimCLR's two
 * views) kept stopping the host from queueing ahead of the device. Packed, a step waits once, before any of its
 * work is queued. The parts come back as views of the one array (a slice and a reshape: no
 * copy); integer parts are stored as floats, exact below 2²⁴, and turned back into int64.
 */
public final class HostPack {
    /** Integers up to this are exact in float32. */
    public static final int MAX_EXACT_INT = 1 << 24;

    private final List<float[]> parts = new ArrayList<>();
    private final List<Shape> shapes = new ArrayList<>();
    private final List<Boolean> integer = new ArrayList<>();
    private long total;

    /** Adds a part of the given shape (its size must match) and returns its handle. */
    public int add(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        return put(values, shape, false);
    }

    /** Adds integers in [0, 2²⁴), read back as int64, and returns their handle. */
    public int addIndices(int[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= MAX_EXACT_INT) {
                throw new IllegalArgumentException("index " + values[i] + " outside [0, " + MAX_EXACT_INT + ")");
            }
            f[i] = values[i];
        }
        return put(f, new Shape(values.length), true);
    }

    private int put(float[] values, Shape shape, boolean asInteger) {
        parts.add(values);
        shapes.add(shape);
        integer.add(asInteger);
        total += values.length;
        return parts.size() - 1;
    }

    /** How many numbers the pack holds: what one upload sends, four bytes each. */
    public long floats() {
        return total;
    }

    /** Sends every part in one copy; the returned parts live in {@code manager}. */
    public Uploaded upload(NDManager manager) {
        long[] offsets = new long[parts.size() + 1];
        // a direct byte buffer is handed to libtorch as it is (DJL copies any other kind once more)
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(1, total) * Float.BYTES)).order(ByteOrder.nativeOrder());
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int i = 0; i < parts.size(); i++) {
            floats.put(parts.get(i));
            offsets[i + 1] = offsets[i] + parts.get(i).length;
        }
        NDArray all = manager.create(bytes, new Shape(Math.max(1, total)), DataType.FLOAT32);
        return new Uploaded(all, offsets, List.copyOf(shapes), List.copyOf(integer));
    }

    /** The parts on the device. */
    public static final class Uploaded {
        private final NDArray all;
        private final long[] offsets;
        private final List<Shape> shapes;
        private final List<Boolean> integer;

        private Uploaded(NDArray all, long[] offsets, List<Shape> shapes, List<Boolean> integer) {
            this.all = all;
            this.offsets = offsets;
            this.shapes = shapes;
            this.integer = integer;
        }

        /** Part {@code handle}: float32 in its shape, or int64 for indices. */
        public NDArray get(int handle) {
            NDArray part = all.get(new NDIndex(offsets[handle] + ":" + offsets[handle + 1])).reshape(shapes.get(handle));
            return integer.get(handle) ? part.toType(DataType.INT64, false) : part;
        }
    }
}
