package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What a method keeps besides its networks, saved in every checkpoint and put back on resume by
 * the engine: queues, memory banks, centres (arrays, restored in place) and their counters
 * (numbers). Names are those of the checkpoint files ({@code method.ndlist} in the order of the
 * names, {@code state.json}'s {@code method_state}), so they must not change between versions.
 */
public interface MethodState {
    /** No state beyond the networks. */
    MethodState NONE = of();

    /** The live arrays, by name; a resume copies the saved values into them. */
    Map<String, NDArray> arrays();

    /** The numbers, by name. */
    Map<String, Double> scalars();

    /** Puts back the numbers of {@link #scalars} read from a checkpoint (all names present). */
    void restore(Map<String, Double> scalars);

    /** One array kept as it is (DINO's centre, InstDisc's bank). */
    static MethodState array(String name, NDArray live) {
        return new Simple(Map.of(name, live), Map::of, values -> { });
    }

    /**
     * A number, left out while it is NaN (InstDisc's Z before its first estimate), with what puts
     * it back.
     */
    static MethodState scalar(String name, DoubleSupplier get, DoubleConsumer set) {
        return new Simple(Map.of(), () -> Double.isNaN(get.getAsDouble()) ? Map.of() : Map.of(name, get.getAsDouble()),
                values -> set.accept(values.getOrDefault(name, Double.NaN)));
    }

    /** A queue's rows as {@code name} and its position as {@code name_pointer}, {@code name_enqueued}. */
    static MethodState queue(String name, KeyQueue queue) {
        String pointer = name + "_pointer";
        String enqueued = name + "_enqueued";
        return new Simple(Map.of(name, queue.rows()),
                () -> Map.of(pointer, (double) queue.pointer(), enqueued, (double) queue.enqueued()),
                values -> queue.restore(required(values, pointer).intValue(), required(values, enqueued).longValue()));
    }

    /** The parts together; their names must differ. */
    static MethodState of(MethodState... parts) {
        List<MethodState> all = List.of(parts);
        return new MethodState() {
            @Override
            public Map<String, NDArray> arrays() {
                Map<String, NDArray> out = new LinkedHashMap<>();
                all.forEach(p -> p.arrays().forEach((k, v) -> {
                    if (out.put(k, v) != null) {
                        throw new IllegalStateException("two arrays of a method's state are called " + k);
                    }
                }));
                return out;
            }

            @Override
            public Map<String, Double> scalars() {
                Map<String, Double> out = new LinkedHashMap<>();
                all.forEach(p -> out.putAll(p.scalars()));
                return out;
            }

            @Override
            public void restore(Map<String, Double> scalars) {
                all.forEach(p -> p.restore(scalars));
            }
        };
    }

    private static Double required(Map<String, Double> values, String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the checkpoint's method_state lacks " + name);
        }
        return v;
    }

    /** A state from its three parts. */
    record Simple(Map<String, NDArray> live, Supplier<Map<String, Double>> numbers,
                  Consumer<Map<String, Double>> putBack) implements MethodState {
        @Override
        public Map<String, NDArray> arrays() {
            return live;
        }

        @Override
        public Map<String, Double> scalars() {
            return numbers.get();
        }

        @Override
        public void restore(Map<String, Double> scalars) {
            putBack.accept(scalars);
        }
    }
}
