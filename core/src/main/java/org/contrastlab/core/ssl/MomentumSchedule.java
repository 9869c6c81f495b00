package org.contrastlab.core.ssl;

/**
 * The teacher momentum at each step: constant ({@code cosine = false}, MoCo), or BYOL's
 * increase from {@code base} to 1, {@code m(k) = 1 − (1 − base)·(cos(πk/K) + 1)/2} for step k
 * of K (Grill et al. 2020, section 3.2; deepmind-research {@code byol/utils/schedules.py}).
 */
public record MomentumSchedule(double base, boolean cosine, int totalSteps) {
    public MomentumSchedule {
        if (!(base >= 0 && base <= 1)) {
            throw new IllegalArgumentException("a teacher momentum must be within [0, 1], got " + base);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("the schedule needs at least one step, got " + totalSteps);
        }
    }

    /** The momentum after optimizer step {@code step} (0-based). */
    public double at(int step) {
        if (!cosine) {
            return base;
        }
        double k = Math.min(step, totalSteps);
        return 1 - (1 - base) * (Math.cos(Math.PI * k / totalSteps) + 1) / 2;
    }
}
