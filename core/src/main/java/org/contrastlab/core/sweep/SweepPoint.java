package org.contrastlab.core.sweep;

import java.nio.file.Path;

/**
 * One run of a sweep: the setting's value, the kNN top-1 the run reached and the same backbone's at
 * random initialisation, the views' shared information ({@code infoNce} nats of a ceiling of
 * {@code infoCeiling}, see {@link org.contrastlab.core.eval.ViewInformation}), the mean loss of the
 * run's last tenth of steps, the steps, seconds, and the run folder.
 */
public record SweepPoint(String param, double value, double knnTop1, double randomInit, double infoNce, double infoCeiling,
                         double finalLoss, int steps, double seconds, Path run) {

    /** The kNN gain over random initialisation, in points. */
    public double gain() {
        return 100 * (knnTop1 - randomInit);
    }
}
