package org.contrastlab.core.train;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.DatasetSplits;

/** Trains (or resumes) a run on the CPU until {@code until} steps are done and returns the losses of the steps it took. */
final class RunLosses {
    private RunLosses() {
    }

    static List<Double> of(TrainConfig config, DatasetSplits data, RunDirectory run, Path resume, int until) {
        List<Double> out = new ArrayList<>();
        int[] done = {0};
        Trainer t = new Trainer(config, data, run, e -> {
            if (e instanceof TrainingEvent.StepCompleted s) {
                out.add(s.loss());
                done[0] = s.step();
            }
        }, Device.cpu());
        if (resume != null) {
            t.resumeFrom(resume);
        }
        t.run(() -> done[0] >= until);
        return out;
    }
}
