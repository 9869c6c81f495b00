package org.contrastlab.core.env;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count for the calling thread (OpenMP keeps it per thread).
 * Interactive work that runs its own threads beside the FX renderer (the studio's previews)
 * goes faster with one thread each than with every op fanning out over cores that are busy.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Makes libtorch ops started from this thread single-threaded; does nothing off PyTorch. */
    public static void useOneThread() {
        Engine engine = Engine.getInstance();
        if ("PyTorch".equals(engine.getEngineName())) {
            JniUtils.setNumThreads(1);
        }
    }
}
