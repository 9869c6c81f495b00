package org.contrastlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ViT on data with object masks has its attention scored at every kNN evaluation (the
 * random-initialisation baseline included), reported as an event and written to the metrics
 * beside the kNN accuracy; a ConvNet has none.
 */
class AttentionOverTimeTest {
    @TempDir
    Path tmp;

    @Test
    void aVitIsScoredAtEachEvaluationAndAConvNetIsNot() throws Exception {
        DatasetSplits shapes = Datasets.open("sample:shapes", new LoadOptions(32, 0.1, 42));
        TrainConfig vit = MethodPresets.small("simclr", "sample:shapes").toBuilder().backbone("vit-micro").steps(2).batchSize(16)
                .evalEvery(1).checkpointEvery(0).build();
        List<TrainingEvent.AttentionScored> scores = new ArrayList<>();
        Path run = tmp.resolve("vit");
        new Trainer(vit, shapes, RunDirectory.create(run, vit, false), e -> {
            if (e instanceof TrainingEvent.AttentionScored a) {
                scores.add(a);
            }
        }, Device.cpu()).run(() -> false);
        assertEquals(List.of(0, 1, 2), scores.stream().map(TrainingEvent.AttentionScored::step).toList());
        for (TrainingEvent.AttentionScored a : scores) {
            assertTrue(a.jaccard() > 0 && a.jaccard() < 1, a.toString());
            assertEquals(300, a.images());
        }
        List<String> scored = Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .filter(l -> l.contains("\"attention_jaccard\"") && l.contains("\"knn_top1\"")).toList();
        assertEquals(3, scored.size(), "each evaluation's line holds both");

        TrainConfig conv = vit.toBuilder().backbone("convnet-tiny").build();
        List<TrainingEvent> events = new ArrayList<>();
        new Trainer(conv, shapes, null, events::add, Device.cpu()).run(() -> false);
        assertTrue(events.stream().noneMatch(e -> e instanceof TrainingEvent.AttentionScored));
        assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.Evaluated));
    }
}
