package org.contrastlab.core.lesson;

import org.contrastlab.core.train.TrainConfig;

/**
 * A page's run: the line as written ({@code method=byol steps=300 batch-size=32 predictor=0})
 * and the configuration it makes, checked as {@code contrastlab train} checks its own.
 */
public record LessonRun(String line, TrainConfig config) {
    /** Images the run's steps see in all, the size of its budget. */
    public long images() {
        return (long) config.steps() * config.batchSize();
    }
}
