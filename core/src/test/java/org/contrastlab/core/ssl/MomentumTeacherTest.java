package org.contrastlab.core.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The momentum teacher shared by BYOL, MoCo, MoCo v3, DINO and SimCLR v2's memory. */
class MomentumTeacherTest {
    private static Block linear(NDManager m) {
        Block b = Linear.builder().setUnits(3).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, 4));
        return b;
    }

    private static float[] weight(Block b) {
        return b.getParameters().get("weight").getArray().toFloatArray();
    }

    @Test
    void theTeacherStartsAsTheStudentAndMovesByTheScheduledMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block student = linear(m);
            Block teacher = linear(m);
            MomentumTeacher ema = MomentumTeacher.of(0.9, false, 10).follow(student, teacher);
            assertArrayEquals(weight(student), weight(teacher), "a copy at the start");
            assertFalse(teacher.getParameters().get("weight").requiresGradient(), "the teacher takes no gradient");
            assertTrue(Double.isNaN(ema.lastMomentum()), "no momentum before the first update");

            float[] before = weight(teacher);
            NDArray w = student.getParameters().get("weight").getArray();
            w.addi(m.ones(w.getShape())); // the student moves by 1 everywhere
            try (NDManager scope = m.newSubManager()) {
                ema.update(0, scope);
            }
            float[] after = weight(teacher);
            for (int i = 0; i < after.length; i++) {
                assertEquals(before[i] + 0.1f, after[i], 1e-5f, "θ_t ← 0.9·θ_t + 0.1·θ_s");
            }
            Map<String, Double> monitors = new HashMap<>();
            ema.monitor(monitors);
            assertEquals(0.9, monitors.get(MomentumTeacher.MONITOR), 1e-12);
        }
    }

    @Test
    void theCosineScheduleRisesFromItsBaseToOne() {
        MomentumSchedule byol = new MomentumSchedule(0.996, true, 100);
        assertEquals(0.996, byol.at(0), 1e-12);
        assertEquals(1 - 0.004 * (Math.cos(Math.PI * 0.25) + 1) / 2, byol.at(25), 1e-12);
        assertEquals(0.998, byol.at(50), 1e-12);
        assertEquals(1.0, byol.at(100), 1e-12);
        assertEquals(1.0, byol.at(1000), 1e-12, "beyond the run it stays at 1");
        assertEquals(0.99, new MomentumSchedule(0.99, false, 100).at(77), 1e-12, "MoCo's is constant");
    }
}
