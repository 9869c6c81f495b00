package org.contrastlab.core.io.torch;

import java.util.List;
import java.util.Map;

/**
 * What the restricted unpickler builds besides Java's own values (a dict is a
 * {@code LinkedHashMap}, a list an {@code ArrayList}, a str a String, an int a Long or
 * BigInteger, a float a Double, a bool a Boolean, bytes a byte[], None null).
 */
public final class PickleValues {
    private PickleValues() {
    }

    /** A Python tuple. */
    public record Tuple(List<Object> items) {
        public Object get(int i) {
            return items.get(i);
        }

        public int size() {
            return items.size();
        }
    }

    /** A name the allowlist knows ({@code module.name}); it is never looked up or called, only compared. */
    public record Global(String module, String name) {
        public String qualified() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    /** An object of a data-only class (argparse's Namespace): its class and its attributes. */
    public record DataObject(Global type, Map<Object, Object> attributes) {
    }

    /** A storage named by a persistent id: its key in the file, element type and length. */
    public record Storage(String key, TorchDtype dtype, long numel) {
    }

    /** A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view of a storage. */
    public record Tensor(Storage storage, long offset, long[] shape, long[] stride) {
        public long numel() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }
}
