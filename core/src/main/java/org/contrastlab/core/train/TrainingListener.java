package org.contrastlab.core.train;

/** Receives a run's events on the training thread; must return quickly. */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);

    TrainingListener NONE = e -> { };
}
