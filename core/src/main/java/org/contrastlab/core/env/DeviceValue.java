package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A number a step computes on the device (a monitor such as the collapse measure) that is
 * read back only when someone asks for it: setting it costs no round trip to the host, so a
 * step on a GPU does not wait for the device to finish. Holds at most one array, detached from
 * the step's memory scope and closed when it is read or replaced.
 */
public final class DeviceValue {
    private NDArray held;
    private double value = Double.NaN;

    /** Keeps {@code scalar} (a one-element array, out of any gradient graph) to be read later. */
    public synchronized void set(NDArray scalar) {
        release();
        scalar.detach();
        held = scalar;
    }

    /** The value last set, read back from the device once; NaN before any. */
    public synchronized double get() {
        if (held != null) {
            value = held.toType(DataType.FLOAT32, false).getFloat();
            release();
        }
        return value;
    }

    private void release() {
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
