package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.Test;

/**
 * Native memory is scoped (DESIGN.md decision 5): after the first steps, training steps and
 * evaluations leave no NDArray behind anywhere under the engine's system manager.
 */
class NativeMemoryScopeTest {
    @Test
    void stepsAndEvaluationsLeaveNoArraysBehind() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits data = new DatasetSplits("cifar10-subset", full.train().head(256), full.test().head(64));
        try (TrainingSession session = new TrainingSession(TrainerTest.tiny(40, 0.1), data, Device.cpu())) {
            session.step(0);
            session.step(1);
            session.evaluate();
            int settled = liveArrays();
            for (int step = 2; step < 12; step++) {
                session.step(step);
            }
            session.evaluate();
            session.evaluate();
            assertEquals(settled, liveArrays(), "arrays alive after 10 more steps and 2 evaluations");
        }
    }

    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
