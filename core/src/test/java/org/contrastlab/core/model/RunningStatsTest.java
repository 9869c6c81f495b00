package org.contrastlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A training pass on other inputs leaves the running statistics as they were once they are put back. */
class RunningStatsTest {
    @Test
    void aPassBetweenKeepAndRestoreLeavesTheRunningStatisticsAlone() {
        try (NDManager m = NDManager.newBaseManager(); NDManager scope = m.newSubManager()) {
            BatchNorm bn = BatchNorm.builder().build();
            bn.initialize(m, DataType.FLOAT32, new Shape(4, 3, 2, 2));
            ParameterStore ps = new ParameterStore(m, false);
            bn.forward(ps, new NDList(m.randomNormal(new Shape(4, 3, 2, 2))), true);
            float[] mean = runningMean(bn);
            RunningStats kept = RunningStats.keep(ps, bn, Device.cpu(), scope);
            bn.forward(ps, new NDList(m.randomNormal(5, 2, new Shape(8, 3, 2, 2), DataType.FLOAT32)), true);
            assertFalse(Arrays.equals(mean, runningMean(bn)), "a training pass moves the running mean");
            kept.restore();
            assertArrayEquals(mean, runningMean(bn));
        }
    }

    private static float[] runningMean(BatchNorm bn) {
        return bn.getParameters().stream().filter(p -> p.getValue().getType() == Parameter.Type.RUNNING_MEAN).findFirst()
                .orElseThrow().getValue().getArray().toFloatArray();
    }
}
