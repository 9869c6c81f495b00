package org.contrastlab.app.common;

import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingListener;

/** Runs one training run (or resumes one) on the calling thread; the seam that view-model tests replace. */
@FunctionalInterface
public interface TrainJob {
    Trainer.Result run(TrainConfig config, DatasetSplits data, TrainingListener listener, RunControls controls);
}
