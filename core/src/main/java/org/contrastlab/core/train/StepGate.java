package org.contrastlab.core.train;

import java.util.function.BooleanSupplier;

/**
 * Holds a running run between two steps without ending it, and lets it take one step at a time
 * (the step-through of a class watching one training step). While held, the training thread waits
 * before its next step; {@link #stepOnce} lets one step through, {@link #release} lets the run go
 * on. Thread-safe: the window holds and steps, the training thread waits.
 */
public final class StepGate {
    private boolean held;
    private int granted;

    /** Holds the run before its next step. */
    public synchronized void hold() {
        held = true;
        granted = 0;
    }

    /** Lets the run go on. */
    public synchronized void release() {
        held = false;
        granted = 0;
        notifyAll();
    }

    /** Lets one more step through while held. */
    public synchronized void stepOnce() {
        if (held) {
            granted++;
            notifyAll();
        }
    }

    public synchronized boolean isHeld() {
        return held;
    }

    /** True when the next step would wait (held, and no step granted). */
    synchronized boolean willWait() {
        return held && granted == 0;
    }

    /**
     * Called by the training thread before a step: returns at once when the run is not held, or when a
     * step was granted (using it up); else waits until one is, the run is released, or {@code stop}
     * says so (checked every 50 ms).
     */
    void pass(BooleanSupplier stop) {
        synchronized (this) {
            while (held && granted == 0 && !stop.getAsBoolean()) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (held && granted > 0) {
                granted--;
            }
        }
    }
}
