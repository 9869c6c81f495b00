package org.contrastlab.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A studio thread going single-threaded must not take the cores away from a training thread started later. */
class NativeThreadsTest {
    @Test
    void oneThreadHereLeavesOtherThreadsTheirCores() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger studio = new AtomicInteger();
        AtomicInteger training = new AtomicInteger();
        Thread s = new Thread(() -> {
            NativeThreads.useOneThread();
            try (NDManager m = NDManager.newBaseManager()) {
                m.ones(new Shape(1 << 17)).add(1f).toFloatArray();
            }
            studio.set(NativeThreads.current());
        });
        s.start();
        s.join();
        Thread t = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                m.ones(new Shape(1 << 17)).add(1f).toFloatArray();
            }
            training.set(NativeThreads.current());
        });
        t.start();
        t.join();
        assertEquals(1, studio.get());
        assertEquals(cores, training.get());
    }
}
