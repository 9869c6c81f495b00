package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * One training step as a method sees it: the views (normalised, (B, 3, S, S) each, the global
 * views first), the dataset indices of the B images (for memory banks), the 0-based step, and
 * the step's memory scope, closed when the step ends.
 */
public record StepInput(ParameterStore parameters, List<NDArray> views, NDArray indices, int step, NDManager scope) {
}
