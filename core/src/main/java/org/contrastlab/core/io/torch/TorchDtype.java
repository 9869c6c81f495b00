package org.contrastlab.core.io.torch;

import java.nio.ByteBuffer;
import java.util.Map;
import org.contrastlab.core.io.SafeTensors;

/** The element types of PyTorch storages, by the storage class that names them in a pickle. */
public enum TorchDtype {
    FLOAT32(4), FLOAT16(2), BFLOAT16(2), FLOAT64(8), INT64(8), INT32(4), INT16(2), INT8(1), UINT8(1), BOOL(1);

    private static final Map<String, TorchDtype> BY_STORAGE = Map.of("FloatStorage", FLOAT32, "HalfStorage", FLOAT16,
            "BFloat16Storage", BFLOAT16, "DoubleStorage", FLOAT64, "LongStorage", INT64, "IntStorage", INT32,
            "ShortStorage", INT16, "CharStorage", INT8, "ByteStorage", UINT8, "BoolStorage", BOOL);

    private final int bytes;

    TorchDtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The dtype of {@code torch.<name>} (e.g. FloatStorage), or null. */
    static TorchDtype ofStorage(String name) {
        return BY_STORAGE.get(name);
    }

    static boolean isStorage(String name) {
        return BY_STORAGE.containsKey(name);
    }

    /** The element at {@code index} of little-endian {@code raw}, as a float. */
    float get(ByteBuffer raw, int index) {
        int at = index * bytes;
        return switch (this) {
            case FLOAT32 -> raw.getFloat(at);
            case FLOAT16 -> SafeTensors.halfToFloat(raw.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((raw.getShort(at) & 0xffff) << 16);
            case FLOAT64 -> (float) raw.getDouble(at);
            case INT64 -> raw.getLong(at);
            case INT32 -> raw.getInt(at);
            case INT16 -> raw.getShort(at);
            case INT8 -> raw.get(at);
            case UINT8, BOOL -> raw.get(at) & 0xff;
        };
    }
}
