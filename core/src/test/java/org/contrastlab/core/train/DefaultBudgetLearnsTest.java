package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The command line's default budget on the whole shared CIFAR-10 data (10,000 training
 * images, 10,000 test queries) beats the same network at random initialisation clearly.
 * About 5 minutes on 2 cores: tagged slow, run with {@code mvn -B verify -Pslow}.
 */
@Tag("slow")
class DefaultBudgetLearnsTest {
    @Test
    void smallPresetOnCifarBeatsRandomInitByFivePoints() {
        DatasetSplits cifar = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        TrainConfig s = TrainConfig.small(TestData.cifar10().toString());
        int total = s.totalSteps(cifar.train().size());
        TrainConfig config = s.toBuilder().evalEvery(total).checkpointEvery(0).build();
        List<Double> knn = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.Evaluated ev) {
                knn.add(ev.knnTop1());
            }
        }, Device.cpu()).run(() -> false);
        assertEquals(2, knn.size());
        System.out.printf("default budget on CIFAR-10: kNN top-1 %.4f at random init, %.4f trained%n", knn.get(0), knn.get(1));
        assertTrue(knn.get(1) > knn.get(0) + 0.05, knn.toString());
    }
}
