package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.Test;

/**
 * What holds BYOL up, shown by removing it (issue 25, "collapse, live"): the same run, same data
 * and seed, with and without the online predictor. Without it the outputs collapse: their
 * per-dimension spread (the collapse monitor) falls under a tenth of the intact run's, which
 * keeps its spread (docs/benchmarks.md, "Collapse when a switch is removed").
 */
class CollapseSwitchTest {
    private static final int STEPS = 400;

    @Test
    void byolWithoutItsPredictorCollapsesWhereTheIntactRunHolds() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits cifar = new DatasetSplits("cifar10-subset", full.train().head(2048), full.test().head(100));
        double intact = lastCollapse(cifar, 1.0);
        double ablated = lastCollapse(cifar, 0.0);
        assertTrue(intact > 0.03, "the intact run keeps its spread: " + intact);
        assertTrue(ablated < 0.1 * intact, "without the predictor " + ablated + ", intact " + intact);
    }

    /** The mean collapse monitor over the last 20 steps of a BYOL run with the predictor on (1) or off (0). */
    private static double lastCollapse(DatasetSplits data, double predictor) {
        TrainConfig config = MethodPresets.small("byol", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32)
                .steps(STEPS).checkpointEvery(0).evalEvery(0).methodParams(Map.of("predictor", predictor)).build();
        List<Double> collapse = new ArrayList<>();
        new Trainer(config, data, null, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                collapse.add(s.monitors().get("collapse"));
            }
        }, Device.cpu()).run(() -> false);
        return collapse.subList(collapse.size() - 20, collapse.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
    }
}
