package org.contrastlab.core.train;

/** A run stopped because a quantity became NaN or infinite, naming the quantity and the step. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}
