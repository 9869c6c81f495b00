package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.Scalars;

/**
 * InstDisc's memory bank: one d-dimensional feature per training image (Wu et al. 2018,
 * section 3.2; lemniscate.pytorch {@code lib/NCEAverage.py}). It starts uniform in
 * [−s, s] with s = 1/√(d/3), as the reference; a visited row becomes
 * {@code norm(m·v + (1 − m)·f)} with bank momentum m (0.5).
 */
public final class MemoryBank {
    private final NDArray rows;

    public MemoryBank(NDManager manager, int size, int dim) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("a memory bank needs a positive size and width, got " + size + "×" + dim);
        }
        float s = (float) (1 / Math.sqrt(dim / 3.0));
        rows = manager.randomUniform(-s, s, new Shape(size, dim));
    }

    public int size() {
        return (int) rows.getShape().get(0);
    }

    /** The rows at {@code indices} (an int64 array), as a new array owned by the indices' manager. */
    public NDArray get(NDArray indices) {
        NDArray out = rows.get(new NDIndex("{}", indices));
        out.attach(indices.getManager());
        return out;
    }

    /** Rows {@code indices} ← norm(m·row + (1 − m)·features); {@code features} (B, d) carry no gradient. */
    public void update(NDArray indices, NDArray features, double momentum) {
        NDArray old = get(indices);
        NDArray mixed = Scalars.mul(old, (float) momentum).add(Scalars.mul(features, (float) (1 - momentum)));
        NDArray unit = mixed.div(Scalars.maximum(mixed.norm(new int[] {1}, true), 1e-12f));
        rows.set(new NDIndex("{}", indices), unit);
    }

    /** Replaces every row with {@code unitRows} (N, d), e.g. the untrained encoder's features. */
    public void fill(NDArray unitRows) {
        if (!unitRows.getShape().equals(rows.getShape())) {
            throw new IllegalArgumentException("a bank of shape " + rows.getShape() + " cannot take rows of shape " + unitRows.getShape());
        }
        rows.set(new NDIndex(":"), unitRows);
    }

    /** The whole bank; the live array: do not modify. */
    public NDArray rows() {
        return rows;
    }
}
