package org.contrastlab.core.train;

/**
 * Linear warm-up from 0 to the base value over {@code warmup} steps, then cosine decay to
 * {@code finalValue} at {@code total} (SimCLR; Goyal et al. 2017 for the warm-up).
 */
public record WarmupCosineSchedule(double base, double finalValue, int warmup, int total) {
    public WarmupCosineSchedule {
        if (total <= 0 || warmup < 0) {
            throw new IllegalArgumentException("schedule needs total > 0 and warmup ≥ 0");
        }
    }

    public double at(int step) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        int decay = Math.max(1, total - warmup);
        double progress = Math.min(1.0, (double) (step - warmup) / decay);
        return finalValue + 0.5 * (base - finalValue) * (1 + Math.cos(Math.PI * progress));
    }
}
