package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The momentum teacher of BYOL, MoCo, MoCo v3, DINO and SimCLR v2's memory, in one place: the
 * student–teacher pairs of networks ({@link EmaTeacher} each), the momentum schedule, the update
 * after every optimizer step, and the momentum it last used for the dashboard.
 */
public final class MomentumTeacher {
    /** The monitor's name, as the dashboard and metrics.csv show it. */
    public static final String MONITOR = "teacher_momentum";

    private final MomentumSchedule schedule;
    private final List<EmaTeacher> pairs = new ArrayList<>();
    private double last = Double.NaN;

    public MomentumTeacher(MomentumSchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * A teacher that keeps {@code momentum} for the whole run ({@code cosine} false, MoCo) or raises
     * it from there to 1 on a cosine (BYOL, MoCo v3, DINO) over {@code totalSteps} (at least one).
     */
    public static MomentumTeacher of(double momentum, boolean cosine, int totalSteps) {
        return new MomentumTeacher(new MomentumSchedule(momentum, cosine, Math.max(1, totalSteps)));
    }

    /**
     * Makes {@code teacher} follow {@code student}: both initialised, of the same structure; the
     * teacher is frozen and starts as the student's copy.
     */
    public MomentumTeacher follow(Block student, Block teacher) {
        pairs.add(new EmaTeacher(student, teacher));
        return this;
    }

    /** Moves every teacher towards its student by the momentum of optimizer step {@code step}; temporaries in {@code scope}. */
    public void update(int step, NDManager scope) {
        last = schedule.at(step);
        for (EmaTeacher pair : pairs) {
            pair.update(last, scope);
        }
    }

    /** The momentum of the last update; NaN before the first. */
    public double lastMomentum() {
        return last;
    }

    /** Adds the last momentum to a method's monitors. */
    public void monitor(Map<String, Double> monitors) {
        monitors.put(MONITOR, last);
    }
}
