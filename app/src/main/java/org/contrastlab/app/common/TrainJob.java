package org.contrastlab.app.common;

import java.util.function.BooleanSupplier;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingListener;

/** Runs one training run on the calling thread; the seam that view-model tests replace. */
@FunctionalInterface
public interface TrainJob {
    Trainer.Result run(TrainConfig config, DatasetSplits data, TrainingListener listener, BooleanSupplier stop);
}
