package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.Scalars;

/**
 * A first-in first-out queue of K feature rows (MoCo's dictionary of keys, SwAV's queue of
 * past features), kept as one (K, d) array on the run's device and written in place: a
 * pointer moves round it and each enqueue overwrites the oldest rows. MoCo starts the queue
 * from random unit rows ({@link #randomUnit}); SwAV from zeros, used once it is full.
 */
public final class KeyQueue {
    private final NDArray rows;
    private final int capacity;
    private int pointer;
    private long enqueued;

    private KeyQueue(NDArray rows) {
        this.rows = rows;
        this.capacity = (int) rows.getShape().get(0);
    }

    /** A queue of zeros. */
    public static KeyQueue zeros(NDManager manager, int capacity, int dim) {
        check(capacity, dim);
        return new KeyQueue(manager.zeros(new Shape(capacity, dim)));
    }

    /** A queue of random unit rows (MoCo's {@code normalize(randn(dim, K))}). */
    public static KeyQueue randomUnit(NDManager manager, int capacity, int dim) {
        check(capacity, dim);
        NDArray r = manager.randomNormal(new Shape(capacity, dim));
        NDArray unit = r.div(Scalars.maximum(r.norm(new int[] {1}, true), 1e-12f));
        r.close();
        return new KeyQueue(unit);
    }

    private static void check(int capacity, int dim) {
        if (capacity < 1 || dim < 1) {
            throw new IllegalArgumentException("a queue needs a positive length and width, got " + capacity + "×" + dim);
        }
    }

    /** Writes {@code keys} (B, d), B ≤ K, over the oldest rows; wraps round the end. */
    public void enqueue(NDArray keys) {
        int b = (int) keys.getShape().get(0);
        if (b > capacity) {
            throw new IllegalArgumentException("cannot enqueue " + b + " keys into a queue of " + capacity);
        }
        int first = Math.min(b, capacity - pointer);
        rows.set(new NDIndex(pointer + ":" + (pointer + first)), keys.get("0:" + first));
        if (first < b) {
            rows.set(new NDIndex("0:" + (b - first)), keys.get(first + ":"));
        }
        pointer = (pointer + b) % capacity;
        enqueued += b;
    }

    /** All K rows (in storage order, not age order); the live array: do not modify. */
    public NDArray rows() {
        return rows;
    }

    public int capacity() {
        return capacity;
    }

    /** The row the next enqueue writes first. */
    public int pointer() {
        return pointer;
    }

    /** How many rows hold enqueued keys (≤ K). */
    public int filled() {
        return (int) Math.min(enqueued, capacity);
    }

    public boolean isFull() {
        return enqueued >= capacity;
    }

    /** Restores the position (from a checkpoint); the rows are restored by their owner. */
    public void restore(int pointer, long enqueued) {
        this.pointer = Math.floorMod(pointer, capacity);
        this.enqueued = enqueued;
    }

    public long enqueued() {
        return enqueued;
    }
}
