package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.jsonl from a run's events: a line per step, an evaluation of the step just reported
 * in its line, others on their own; nothing held back past a flush (a checkpoint) or the end.
 */
class MetricsFileTest {
    @TempDir
    Path tmp;

    @Test
    void linesFollowTheEventsAndAFlushPutsTheLatestOnDisk() throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), MethodPresets.small("simclr", "d"), false);
        MetricsFile metrics = new MetricsFile(run);
        metrics.onEvent(new TrainingEvent.Evaluated(0, 0.25, 10, 5));
        metrics.onEvent(new TrainingEvent.AttentionScored(0, 0.2, 5));
        metrics.onEvent(step(1, Map.of(), 0.5));
        metrics.onEvent(step(2, Map.of("collapse", 0.9, "queue_fill", Double.NaN), 0.25));
        metrics.onEvent(new TrainingEvent.Evaluated(2, 0.5, 10, 5));
        assertEquals(List.of("{\"step\":0,\"knn_top1\":0.25,\"attention_jaccard\":0.2}",
                "{\"step\":1,\"epoch\":0,\"loss\":4.0,\"lr\":0.1,\"grad_norm\":0.5}"), lines(run), "step 2 is held for its evaluation");
        metrics.flush(); // before a checkpoint of step 2
        assertEquals("{\"step\":2,\"epoch\":0,\"loss\":4.0,\"lr\":0.1,\"collapse\":0.9,\"grad_norm\":0.25,\"knn_top1\":0.5}",
                lines(run).get(2), "monitors by name, the non-finite left out, the evaluation merged");
        metrics.onEvent(step(3, Map.of(), Double.NaN));
        metrics.onEvent(new TrainingEvent.Finished(3, false, 1, null));
        assertEquals("{\"step\":3,\"epoch\":0,\"loss\":4.0,\"lr\":0.1}", lines(run).get(3));
        assertEquals(4, lines(run).size());
    }

    private static TrainingEvent.StepCompleted step(int step, Map<String, Double> monitors, double gradNorm) {
        return new TrainingEvent.StepCompleted(step, 0, 3, 4.0, 0.1, 100, 1, monitors, gradNorm);
    }

    private static List<String> lines(RunDirectory run) throws IOException {
        return Files.readAllLines(run.root().resolve(RunDirectory.METRICS));
    }
}
