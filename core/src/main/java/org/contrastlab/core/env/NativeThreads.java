package org.contrastlab.core.env;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count for the calling thread. Interactive work that runs its own
 * threads beside the FX renderer (the studio's previews) goes faster with one thread each than
 * with every op fanning out over cores that are busy.
 *
 * <p>libtorch keeps the count per OpenMP thread, but {@code set_num_threads} also stores it in a
 * process-wide default that every thread adopts on its first parallel op. So the calling thread
 * sets 1, runs one parallel op to fix its own count, and the previous default is put back from a
 * short-lived thread: other threads (training) keep all cores.
 */
public final class NativeThreads {
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> false);

    private NativeThreads() {
    }

    /**
     * Makes libtorch ops started from this thread single-threaded; does nothing off PyTorch, and
     * nothing on a thread that already did it (callers may call it at the start of every job).
     */
    public static void useOneThread() {
        if (SINGLE.get()) {
            return;
        }
        SINGLE.set(true);
        Engine engine = Engine.getInstance();
        if (!"PyTorch".equals(engine.getEngineName())) {
            return;
        }
        int previous = Math.max(1, Runtime.getRuntime().availableProcessors());
        JniUtils.setNumThreads(1);
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(1 << 17)).add(1f).toFloatArray();
        }
        Thread restore = new Thread(() -> JniUtils.setNumThreads(previous), "libtorch-threads-restore");
        restore.start();
        try {
            restore.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The number of threads libtorch uses for ops started from this thread. */
    public static int current() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
