package org.contrastlab.app.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.contrastlab.core.train.TrainingEvent;

/**
 * What a run reports, held between the training thread that {@link #accept}s its events and the
 * FX thread that drains them on its tick: the points of the loss, kNN and attention curves not
 * yet drawn, the notes about the run's files, and the latest step, evaluation, warning and
 * checkpoint. Thread-safe; nothing in it is a JavaFX property.
 */
final class RunInbox {
    private final Queue<double[]> loss = new ConcurrentLinkedQueue<>();
    private final Queue<double[]> knn = new ConcurrentLinkedQueue<>();
    private final Queue<double[]> attention = new ConcurrentLinkedQueue<>();
    private final Queue<String> notices = new ConcurrentLinkedQueue<>();
    private final AtomicReference<TrainingEvent.StepCompleted> latestStep = new AtomicReference<>();
    private final AtomicReference<TrainingEvent.Evaluated> latestEval = new AtomicReference<>();
    private final AtomicReference<TrainingEvent.Warned> warning = new AtomicReference<>();
    private final AtomicReference<Path> lastCheckpoint = new AtomicReference<>();

    /** Files an event of the run. Training thread. */
    void accept(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted s) {
            latestStep.set(s);
            loss.add(new double[] {s.step(), s.loss()});
        } else if (event instanceof TrainingEvent.Evaluated e) {
            latestEval.set(e);
            knn.add(new double[] {e.step(), e.knnTop1()});
        } else if (event instanceof TrainingEvent.AttentionScored a) {
            attention.add(new double[] {a.step(), a.jaccard()});
        } else if (event instanceof TrainingEvent.CheckpointWritten c) {
            lastCheckpoint.set(Path.of(c.path()));
        } else if (event instanceof TrainingEvent.Warned w) {
            warning.set(w);
        } else if (event instanceof TrainingEvent.Noticed n) {
            notices.add(n.message());
        }
    }

    /** Forgets the last run before a new one: its curves, latest values and checkpoint (a new run's Pause never resumes the last run). */
    void clear() {
        lastCheckpoint.set(null);
        latestStep.set(null);
        latestEval.set(null);
        warning.set(null);
        loss.clear();
        knn.clear();
        attention.clear();
    }

    /** (step, loss) since the last call, oldest first. */
    List<double[]> newLoss() {
        return drain(loss);
    }

    /** (step, kNN top-1) since the last call, oldest first; the one at step 0 is the network at random initialisation. */
    List<double[]> newKnn() {
        return drain(knn);
    }

    /** A ViT's (step, attention Jaccard) since the last call, oldest first. */
    List<double[]> newAttention() {
        return drain(attention);
    }

    /** The notes about the run's files ("skipped …", "repaired …") since the last call, oldest first. */
    List<String> newNotices() {
        return drain(notices);
    }

    TrainingEvent.StepCompleted latestStep() {
        return latestStep.get();
    }

    TrainingEvent.Evaluated latestEval() {
        return latestEval.get();
    }

    /** The "not learning" warning of this run, or null. */
    TrainingEvent.Warned warning() {
        return warning.get();
    }

    /** The last checkpoint this run wrote (or, after a resume, the run it continues), or null. */
    Path lastCheckpoint() {
        return lastCheckpoint.get();
    }

    private static <T> List<T> drain(Queue<T> queue) {
        List<T> out = new ArrayList<>();
        for (T item; (item = queue.poll()) != null; ) {
            out.add(item);
        }
        return out;
    }
}
