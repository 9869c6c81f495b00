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
import org.junit.jupiter.api.Test;

/**
 * SimCLR learns on real photos: a short run on a CIFAR-10 subset (5,000 training images,
 * 1,000 test queries) raises the weighted kNN top-1 of the small ConvNet clearly above the same
 * network at its random initialisation, which the engine measures first (step 0).
 */
class SimClrLearnsOnCifarTest {
    @Test
    void knnAccuracyRisesAboveTheRandomInitBaseline() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits subset = new DatasetSplits("cifar10-subset", full.train().head(5000), full.test().head(1000));
        TrainConfig config = TrainConfig.small("cifar10-subset").toBuilder().steps(60).batchSize(128).warmupSteps(10).evalEvery(60)
                .checkpointEvery(0).build();
        List<TrainingEvent.Evaluated> evals = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Trainer.Result result = new Trainer(config, subset, null, e -> {
            if (e instanceof TrainingEvent.Evaluated ev) {
                evals.add(ev);
            } else if (e instanceof TrainingEvent.StepCompleted s) {
                losses.add(s.loss());
            }
        }, Device.cpu()).run(() -> false);

        assertEquals(2, evals.size(), "the random-init baseline and the final evaluation");
        double baseline = evals.get(0).knnTop1();
        double trained = evals.get(1).knnTop1();
        System.out.printf("SimCLR on CIFAR-10 subset: kNN top-1 %.4f at random init, %.4f after %d steps (%.0f s)%n",
                baseline, trained, result.steps(), result.seconds());
        assertEquals(0, evals.get(0).step());
        assertTrue(trained > baseline + 0.03, "kNN top-1 " + trained + " should clearly beat random init " + baseline);
        double firstTen = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double lastTen = losses.subList(losses.size() - 10, losses.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        assertTrue(lastTen < firstTen, "the loss falls: " + firstTen + " → " + lastTen);
    }
}
