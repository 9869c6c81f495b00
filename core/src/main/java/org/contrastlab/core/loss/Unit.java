package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/** Row-wise L2 normalisation and cosine similarity, shared by the losses. */
public final class Unit {
    private Unit() {
    }

    /** Rows divided by their L2 norm (with a floor of 1e-12, as torch's {@code F.normalize}). */
    public static NDArray rows(NDArray x) {
        return x.div(Scalars.maximum(x.norm(new int[] {1}, true), 1e-12));
    }

    /** The cosine similarity of matching rows of a and b: (B,). */
    public static NDArray cosine(NDArray a, NDArray b) {
        return rows(a).mul(rows(b)).sum(new int[] {1});
    }
}
