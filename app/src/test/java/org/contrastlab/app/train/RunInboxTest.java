package org.contrastlab.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.train.TrainingEvent;
import org.junit.jupiter.api.Test;

class RunInboxTest {
    @Test
    void whatTheTrainingThreadFilesIsDrainedOnceInOrder() throws InterruptedException {
        RunInbox inbox = new RunInbox();
        Thread run = new Thread(() -> {
            for (int i = 1; i <= 500; i++) {
                inbox.accept(new TrainingEvent.StepCompleted(i, 0, 500, 1.0 / i, 0.1, 100, 1 << 20));
            }
            inbox.accept(new TrainingEvent.Evaluated(0, 0.25, 10, 5));
            inbox.accept(new TrainingEvent.AttentionScored(500, 0.6, 300));
            inbox.accept(new TrainingEvent.Noticed("skipped 1 unreadable image: a.png"));
            inbox.accept(new TrainingEvent.CheckpointWritten(500, "/runs/r/checkpoints/step-0000500"));
        });
        List<double[]> loss = new ArrayList<>();
        run.start();
        while (run.isAlive()) {
            loss.addAll(inbox.newLoss()); // the FX thread's tick, while the run goes on
        }
        run.join();
        loss.addAll(inbox.newLoss());
        assertEquals(500, loss.size(), "every step once");
        for (int i = 0; i < loss.size(); i++) {
            assertEquals(i + 1, (int) loss.get(i)[0], "oldest first");
        }
        assertEquals(500, inbox.latestStep().step());
        assertArrayEquals(new double[] {0, 0.25}, inbox.newKnn().get(0));
        assertTrue(inbox.newKnn().isEmpty(), "drained");
        assertArrayEquals(new double[] {500, 0.6}, inbox.newAttention().get(0));
        assertEquals(List.of("skipped 1 unreadable image: a.png"), inbox.newNotices());
        assertEquals(Path.of("/runs/r/checkpoints/step-0000500"), inbox.lastCheckpoint());
    }

    @Test
    void aNewRunStartsWithoutTheLastOnesValuesOrCheckpoint() {
        RunInbox inbox = new RunInbox();
        inbox.accept(new TrainingEvent.StepCompleted(3, 0, 3, 2.0, 0.1, 100, 1 << 20));
        inbox.accept(new TrainingEvent.Evaluated(3, 0.4, 10, 5));
        inbox.accept(new TrainingEvent.Warned(3, "not learning"));
        inbox.accept(new TrainingEvent.CheckpointWritten(3, "/runs/r/checkpoints/step-0000003"));
        inbox.clear();
        assertNull(inbox.latestStep());
        assertNull(inbox.latestEval());
        assertNull(inbox.warning());
        assertTrue(inbox.newLoss().isEmpty() && inbox.newKnn().isEmpty());
        assertNull(inbox.lastCheckpoint(), "a new run paused before its first checkpoint must not resume the last run");
    }
}
