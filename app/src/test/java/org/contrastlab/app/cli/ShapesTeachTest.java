package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built-in data teaches: SimCLR with its preset on {@code sample:shapes} (the README's
 * {@code ./contrastlab train --data sample:shapes}) learns to tell the shapes apart, measured by
 * kNN on the 1,000 held-out images against the same network at random initialisation.
 */
class ShapesTeachTest {
    /** 300 steps of 64 (under 2 minutes on 2 cores) already lift kNN by 10 points (0.296 → 0.430 here). */
    @Test
    void threeHundredStepsLiftKnnByTenPoints() {
        List<Double> knn = train(300);
        assertTrue(knn.get(0) <= 0.32, "random initialisation should not already tell the shapes apart: " + knn);
        assertTrue(knn.get(1) >= knn.get(0) + 0.10, knn.toString());
    }

    /** The whole default run (about two minutes on 2 cores): kNN ≥ 0.60 from ≤ 0.30 (issue 21's target). */
    @Tag("slow")
    @Test
    void theDefaultRunReachesSixtyPercent() {
        List<Double> knn = train(0);
        assertTrue(knn.get(0) <= 0.30, knn.toString());
        assertTrue(knn.get(1) >= 0.60, knn.toString());
    }

    /** kNN top-1 at random initialisation and after {@code steps} steps (0: the preset's). */
    private static List<Double> train(int steps) {
        DatasetSplits shapes = Datasets.open("sample:shapes", LoadOptions.defaults());
        TrainConfig preset = MethodPresets.small("simclr", "sample:shapes");
        int total = steps > 0 ? steps : preset.totalSteps(shapes.train().size());
        TrainConfig config = preset.toBuilder().steps(total).evalEvery(total).checkpointEvery(0).build();
        List<Double> knn = new ArrayList<>();
        new Trainer(config, shapes, null, e -> {
            if (e instanceof TrainingEvent.Evaluated ev) {
                knn.add(ev.knnTop1());
            }
        }, Device.cpu()).run(() -> false);
        assertEquals(2, knn.size());
        System.out.printf("SimCLR on sample:shapes, %d steps: kNN top-1 %.4f at random init, %.4f trained%n", total, knn.get(0),
                knn.get(1));
        return knn;
    }
}
