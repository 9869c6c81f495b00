package org.contrastlab.core.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpointable state of methods: names as the checkpoint files have them, numbers put back. */
class MethodStateTest {
    @Test
    void aQueueKeepsItsRowsAndPositionUnderItsName() {
        try (NDManager m = NDManager.newBaseManager()) {
            KeyQueue queue = KeyQueue.zeros(m, 8, 2);
            queue.enqueue(m.ones(new Shape(3, 2)));
            MethodState state = MethodState.queue("queue_1", queue);
            assertSame(queue.rows(), state.arrays().get("queue_1"), "the live rows, restored in place");
            assertEquals(Map.of("queue_1_pointer", 3.0, "queue_1_enqueued", 3.0), state.scalars());

            KeyQueue fresh = KeyQueue.zeros(m, 8, 2);
            MethodState.queue("queue_1", fresh).restore(state.scalars());
            assertEquals(3, fresh.pointer());
            assertEquals(3, fresh.filled());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MethodState.queue("queue_1", fresh).restore(Map.of("queue_1_pointer", 1.0)));
            assertTrue(e.getMessage().contains("queue_1_enqueued"), e.getMessage());
        }
    }

    @Test
    void partsJoinAndANumberIsLeftOutWhileNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] z = {Double.NaN};
            MethodState state = MethodState.of(MethodState.array("bank", m.zeros(new Shape(4, 2))),
                    MethodState.scalar("nce_z", () -> z[0], v -> z[0] = v));
            assertEquals(Map.of(), state.scalars(), "no Z before its first estimate");
            z[0] = 7.5;
            assertEquals(Map.of("nce_z", 7.5), state.scalars());
            state.restore(Map.of());
            assertTrue(Double.isNaN(z[0]), "a checkpoint without Z estimates it again");
            state.restore(Map.of("nce_z", 2.0));
            assertEquals(2.0, z[0]);
            assertEquals(1, state.arrays().size());
            MethodState twice = MethodState.of(MethodState.array("a", m.zeros(new Shape(1))),
                    MethodState.array("a", m.zeros(new Shape(1))));
            assertThrows(IllegalStateException.class, twice::arrays);
        }
    }
}
