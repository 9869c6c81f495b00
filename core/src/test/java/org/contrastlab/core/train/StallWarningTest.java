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
 * A run that neither diverges nor learns ({@code --lr 99} without weight decay: kNN falls to
 * 0.125 and stays, the loss finite) says so once, naming the step and both kNN figures.
 */
class StallWarningTest {
    @Test
    void aRunThatDoesNotLearnIsToldOnce() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        DatasetSplits cifar = new DatasetSplits("cifar10-subset", full.train().head(96), full.test().head(32));
        TrainConfig config = MethodPresets.small("simclr", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32)
                .steps(8).headHidden(32).projectionDim(16).warmupSteps(0).checkpointEvery(0).evalEvery(2)
                .learningRate(99).weightDecay(0).build(); // the issue's --lr 99: it neither diverges nor learns
        List<TrainingEvent.Warned> warnings = new ArrayList<>();
        new Trainer(config, cifar, null, e -> {
            if (e instanceof TrainingEvent.Warned w) {
                warnings.add(w);
            }
        }, Device.cpu()).stallMinSteps(0).run(() -> false); // judged from the start: 50 steps by default
        assertEquals(1, warnings.size(), "once, not at every evaluation: " + warnings);
        assertEquals(2, warnings.get(0).step(), "the first evaluation a quarter of the way in");
        assertTrue(warnings.get(0).message().contains("no better than at random initialisation"), warnings.get(0).message());
    }

    @Test
    void aRunFromWeightsIsJudgedAgainstItsStartNotRandomInit() {
        List<TrainingEvent.Warned> warnings = new ArrayList<>();
        StallWatch watch = new StallWatch(e -> {
            if (e instanceof TrainingEvent.Warned w) {
                warnings.add(w);
            }
        }, 0, StallWatch.startOf(MethodPresets.small("simclr", "d").toBuilder().initFrom("/w/dino.pth", null).build()));
        watch.onEvent(new TrainingEvent.Started("simclr", "convnet-small", "d", "cpu()", 8, 64, 8));
        watch.onEvent(new TrainingEvent.Evaluated(0, 0.5, 8, 8));
        watch.onEvent(new TrainingEvent.Evaluated(4, 0.5, 8, 8));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).message().contains("no better than at its start (the weights of /w/dino.pth)"),
                warnings.get(0).message());
    }
}
