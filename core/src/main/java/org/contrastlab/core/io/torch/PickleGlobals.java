package org.contrastlab.core.io.torch;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.io.torch.PickleValues.DataObject;
import org.contrastlab.core.io.torch.PickleValues.Global;
import org.contrastlab.core.io.torch.PickleValues.Storage;
import org.contrastlab.core.io.torch.PickleValues.Tensor;
import org.contrastlab.core.io.torch.PickleValues.Tuple;

/**
 * The only names a checkpoint may mention, and what each one builds here. The list follows what
 * {@code torch.save} writes for state dicts and training checkpoints (compare PyTorch's own
 * {@code torch/_weights_only_unpickler.py}): the tensor and parameter rebuild functions, the
 * storage classes, {@code OrderedDict}, {@code torch.Size}, and a few data-only classes that
 * published training checkpoints carry (argparse's Namespace in DINO's and MoCo's, Lightning's
 * AttributeDict). Every one is implemented here in Java; no name from a file is ever resolved
 * to code.
 */
final class PickleGlobals {
    private static final Set<String> CALLABLE = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2", "torch.Size", "_codecs.encode", "builtins.set", "builtins.frozenset",
            "__builtin__.set", "torch.device");
    private static final Set<String> DICT_CLASSES = Set.of("collections.OrderedDict",
            "pytorch_lightning.utilities.parsing.AttributeDict", "lightning_fabric.utilities.data.AttributeDict",
            "lightning.fabric.utilities.data.AttributeDict");
    private static final Set<String> DATA_CLASSES = Set.of("argparse.Namespace");
    private static final Set<String> MARKERS = Set.of("torch.Tensor", "torch.nn.parameter.Parameter");

    private PickleGlobals() {
    }

    /** {@code module.name} if the allowlist has it; otherwise the refusal, naming it. */
    static Global resolve(String module, String name, String where) throws CheckpointException {
        String q = module + "." + name;
        boolean storage = module.equals("torch") && TorchDtype.isStorage(name);
        if (storage || CALLABLE.contains(q) || DICT_CLASSES.contains(q) || DATA_CLASSES.contains(q) || MARKERS.contains(q)) {
            return new Global(module, name);
        }
        throw new CheckpointException(where + ": refers to " + q + ", which is not a tensor, storage, dict, list or number "
                + "type; refusing it (a pickle may run code through such names; only weights are read here)");
    }

    /** What {@code REDUCE} of {@code fn} with {@code args} builds. */
    static Object call(Global fn, Tuple args, String where) throws CheckpointException {
        String q = fn.qualified();
        try {
            return switch (q) {
                case "collections.OrderedDict" -> orderedDict(args, where);
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> tensor(args, where);
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> args.get(0);
                case "torch._tensor._rebuild_from_type_v2" -> rebuildFromType(args, where);
                case "torch.Size" -> new Tuple(new ArrayList<>((List<?>) itemsOf(args.get(0), where)));
                case "_codecs.encode" -> ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
                case "builtins.set", "builtins.frozenset", "__builtin__.set" -> args.size() == 0 ? new ArrayList<>()
                        : new ArrayList<>(itemsOf(args.get(0), where));
                case "torch.device" -> "device:" + args.items();
                default -> throw new CheckpointException(where + ": " + q + " cannot be called here; refusing the file");
            };
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new CheckpointException(where + ": " + q + " is called with arguments it does not take (" + describe(args) + ")");
        }
    }

    /** What {@code NEWOBJ} of {@code cls} builds: an empty dict or a data object, filled by later opcodes. */
    static Object newObject(Global cls, String where) throws CheckpointException {
        if (DICT_CLASSES.contains(cls.qualified())) {
            return new LinkedHashMap<Object, Object>();
        }
        if (DATA_CLASSES.contains(cls.qualified())) {
            return new DataObject(cls, new LinkedHashMap<>());
        }
        throw new CheckpointException(where + ": cannot make an object of " + cls + " here; refusing the file");
    }

    /**
     * {@code BUILD}: attributes of a data object; the attributes of dicts and tensors (such as a state
     * dict's _metadata) are not needed.
     */
    static void build(Object target, Object state, String where) throws CheckpointException {
        if (target instanceof DataObject o && state instanceof Map<?, ?> m) {
            o.attributes().putAll(m);
        } else if (!(target instanceof Map<?, ?> || target instanceof Tensor)) {
            throw new CheckpointException(where + ": sets the state of " + describe(target)
                    + ", which only code could do; refusing the file");
        }
    }

    private static Object orderedDict(Tuple args, String where) throws CheckpointException {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.size() > 0) {
            for (Object pair : itemsOf(args.get(0), where)) {
                List<?> kv = itemsOf(pair, where);
                map.put(kv.get(0), kv.get(1));
            }
        }
        return map;
    }

    private static Object rebuildFromType(Tuple args, String where) throws CheckpointException {
        Global type = (Global) args.get(1);
        if (!MARKERS.contains(type.qualified())) {
            throw new CheckpointException(where + ": a tensor of class " + type + " (a subclass needs code); refusing the file");
        }
        return call((Global) args.get(0), (Tuple) args.get(2), where);
    }

    private static Tensor tensor(Tuple args, String where) throws CheckpointException {
        if (!(args.get(0) instanceof Storage storage)) {
            throw new CheckpointException(where + ": a tensor whose storage is " + describe(args.get(0)));
        }
        long offset = toLong(args.get(1), where);
        List<?> size = itemsOf(args.get(2), where);
        List<?> stride = itemsOf(args.get(3), where);
        if (size.size() != stride.size() || size.size() > 16) {
            throw new CheckpointException(where + ": a tensor with " + size.size() + " sizes and " + stride.size() + " strides");
        }
        long[] shape = new long[size.size()];
        long[] steps = new long[size.size()];
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = toLong(size.get(i), where);
            steps[i] = toLong(stride.get(i), where);
            if (shape[i] < 0 || steps[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new CheckpointException(where + ": a tensor of shape " + size + " and stride " + stride);
            }
            if (shape[i] == 0) {
                last = -1;
            }
        }
        Tensor t = new Tensor(storage, offset, shape, steps);
        if (last >= 0) {
            for (int i = 0; i < shape.length; i++) {
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, steps[i]));
            }
            if (offset < 0 || last >= storage.numel()) {
                throw new CheckpointException(where + ": a tensor of shape " + size + " at offset " + offset + " reaches element "
                        + last + " of a storage of " + storage.numel());
            }
        }
        return t;
    }

    static long toLong(Object o, String where) throws CheckpointException {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof BigInteger b && b.bitLength() < 63) {
            return b.longValue();
        }
        throw new CheckpointException(where + ": expected a whole number, found " + describe(o));
    }

    static List<?> itemsOf(Object o, String where) throws CheckpointException {
        if (o instanceof Tuple t) {
            return t.items();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw new CheckpointException(where + ": expected a tuple or list, found " + describe(o));
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        String s = o instanceof Tuple t ? "tuple" + t.items() : o instanceof byte[] b ? "bytes[" + b.length + "]" : o.toString();
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
