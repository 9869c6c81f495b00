package org.contrastlab.core.method;

/** Options shared by the methods' heads and losses. */
public record MethodOptions(int headHidden, int projectionDim, float temperature) {
    public MethodOptions {
        if (headHidden <= 0 || projectionDim <= 0) {
            throw new IllegalArgumentException("head widths must be positive");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
    }
}
