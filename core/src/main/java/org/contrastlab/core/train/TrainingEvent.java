package org.contrastlab.core.train;

import java.util.Map;
import org.contrastlab.core.inspect.StepInspection;

/** What a run reports, as immutable records (DESIGN.md decision 4). */
public sealed interface TrainingEvent {
    /** A new run's backbone was loaded from a weights file ({@code train --init-from}): what was loaded. */
    record Initialised(String description) implements TrainingEvent {
    }

    /** The run is about to take its first step. */
    record Started(String method, String backbone, String dataset, String device, int totalSteps,
                   int trainImages, int testImages) implements TrainingEvent {
    }

    /**
     * One optimizer step finished; {@code monitors} are the method's own curves (collapse,
     * teacher momentum, queue fill, code entropy, …), by name, for the last step of each read
     * back; {@code gradNorm} is every step's global gradient norm (NaN where not measured).
     */
    record StepCompleted(int step, int epoch, int totalSteps, double loss, double learningRate,
                         double imagesPerSecond, long residentBytes, Map<String, Double> monitors, double gradNorm)
            implements TrainingEvent {
        public StepCompleted {
            monitors = monitors == null ? Map.of() : Map.copyOf(monitors);
        }

        public StepCompleted(int step, int epoch, int totalSteps, double loss, double learningRate,
                             double imagesPerSecond, long residentBytes, Map<String, Double> monitors) {
            this(step, epoch, totalSteps, loss, learningRate, imagesPerSecond, residentBytes, monitors, Double.NaN);
        }

        public StepCompleted(int step, int epoch, int totalSteps, double loss, double learningRate,
                             double imagesPerSecond, long residentBytes) {
            this(step, epoch, totalSteps, loss, learningRate, imagesPerSecond, residentBytes, Map.of());
        }
    }

    /** A held run shows the step it takes next (the step-through): views, similarities, the method's own comparison. */
    record StepInspected(StepInspection inspection) implements TrainingEvent {
    }

    /** The backbone was evaluated with weighted kNN on the labelled held-out split. */
    record Evaluated(int step, double knnTop1, int bankSize, int querySize) implements TrainingEvent {
    }

    /**
     * A ViT backbone's CLS attention was scored against the object masks of {@code images}
     * held-out images (the best head's Jaccard index), beside each kNN evaluation.
     */
    record AttentionScored(int step, double jaccard, int images) implements TrainingEvent {
    }

    /** Something the user should know while the run goes on (a run that is not learning). */
    record Warned(int step, String message) implements TrainingEvent {
    }

    /**
     * Something about the run's files the user should know, which did not stop it: a checkpoint
     * repaired or passed over on resume, images skipped as unreadable.
     */
    record Noticed(String message) implements TrainingEvent {
    }

    /** A checkpoint was written. */
    record CheckpointWritten(int step, String path) implements TrainingEvent {
    }

    /** The run ended: after its budget, or stopped early by request. */
    record Finished(int steps, boolean stoppedEarly, double seconds, Double knnTop1) implements TrainingEvent {
    }

    /** The run failed; {@code message} says what went wrong at which step. */
    record Failed(int step, String message) implements TrainingEvent {
    }
}
