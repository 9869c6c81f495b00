package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * DJL attaches an op's result to its first operand's manager. An op on a long-lived array (a
 * queue, a bank, an optimizer buffer, a parameter) would leave its result in the run's manager,
 * one more array every step. {@link #view} gives such an array a handle owned by a short-lived
 * scope (no copy: the handle shares the storage), so results of ops on it end in that scope.
 */
public final class Scopes {
    private Scopes() {
    }

    /** A view of {@code array} (same storage, same shape) owned by {@code scope}. */
    public static NDArray view(NDArray array, NDManager scope) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        return view;
    }
}
