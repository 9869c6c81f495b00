package org.contrastlab.core.env;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A region of inference with libtorch's autograd off on this thread, restored on close:
 * {@code try (NoGrad off = NoGrad.enter()) { … }}. libtorch starts a thread with grad mode on,
 * so a forward pass outside any gradient collector (the kNN baseline before the first step)
 * would otherwise record a graph that keeps every activation alive.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    public static NoGrad enter() {
        Engine.getEngine("PyTorch"); // loads libtorch before its first call from here
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(was);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
