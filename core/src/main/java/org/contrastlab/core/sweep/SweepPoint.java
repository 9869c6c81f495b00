package org.contrastlab.core.sweep;

import java.nio.file.Path;

/**
 * One run of a sweep: the setting's value, the kNN top-1 the run reached and the same backbone's at
 * random initialisation, the views' shared information ({@code infoNce} nats of a ceiling of
 * {@code infoCeiling}: InfoNCE's bound {@code log K − L}, from the training loss where the method
 * publishes it, {@value #FROM_TRAINING}, else {@value #HELD_OUT}, see
 * {@link org.contrastlab.core.eval.ViewInformation}), the mean loss of the run's last tenth of
 * steps, the steps, seconds, and the run folder.
 */
public record SweepPoint(String param, double value, double knnTop1, double randomInit, double infoNce, double infoCeiling,
                         double finalLoss, int steps, double seconds, Path run, String infoSource) {
    /** The bound measured by the training loss itself (InfoMin's way), over the run's last tenth of steps. */
    public static final String FROM_TRAINING = "training";
    /** The bound measured after the run, with the trained backbone as critic on held-out views. */
    public static final String HELD_OUT = "held-out";

    /** The kNN gain over random initialisation, in points. */
    public double gain() {
        return 100 * (knnTop1 - randomInit);
    }
}
