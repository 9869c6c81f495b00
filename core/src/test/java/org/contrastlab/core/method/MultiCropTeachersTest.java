package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What DINO and SwAV add to the shared blocks: DINO's temperature schedule and centre, the freezes. */
class MultiCropTeachersTest {
    /** A tiny backbone that takes any resolution: the mean colour, then a linear layer of {@code dim}. */
    private static Supplier<Block> tiny(int dim) {
        return () -> new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2}))))
                .add(Linear.builder().setUnits(dim).build());
    }

    private static MethodContext context(MethodSpec spec, int views, int datasetSize, int steps, int batch,
                                         Map<String, Double> params) {
        return new MethodContext(16, views, 2, datasetSize, steps, batch, new MethodOptions(32, 64, 0.1f),
                MethodParams.resolve(spec, params));
    }

    @Test
    void dinosTeacherTemperatureWarmsUpLinearlyThenStays() {
        Dino dino = (Dino) Dino.SPEC.create(tiny(16), context(Dino.SPEC, 4, 100, 10, 4,
                Map.of("warmup_teacher_temp", 0.04, "teacher_temp", 0.07, "teacher_temp_warmup", 0.5)));
        assertEquals(0.04, dino.teacherTemperature(0), 1e-12);
        assertEquals(0.046, dino.teacherTemperature(1), 1e-12, "0.04 + 0.03 · 1/5");
        assertEquals(0.07, dino.teacherTemperature(5), 1e-12);
        assertEquals(0.07, dino.teacherTemperature(9), 1e-12);
    }

    @Test
    void dinosLastLayerStaysFixedForItsEpochsAndSwavsPrototypesForTheirSteps() {
        // freeze_last_layer = 1 epoch of 100 / 4 = 25 steps
        SslMethod dino = Dino.SPEC.create(tiny(16), context(Dino.SPEC, 4, 100, 100, 4, Map.of()));
        assertEquals(1, dino.frozenAt(24).size());
        assertTrue(dino.frozenAt(25).isEmpty());
        SslMethod swav = SwAV.SPEC.create(tiny(16), context(SwAV.SPEC, 4, 100, 100, 4, Map.of("freeze_prototypes", 3.0)));
        assertEquals(1, swav.frozenAt(2).size());
        assertTrue(swav.frozenAt(3).isEmpty(), "the prototypes train from step 3");
    }

    @Test
    void dinosCentreMovesTowardsTheMeanOfTheTeachersGlobalOutputs() {
        Dino dino = (Dino) Dino.SPEC.create(tiny(16), context(Dino.SPEC, 4, 100, 10, 4, Map.of("center_momentum", 0.9)));
        try (NDManager m = NDManager.newBaseManager()) {
            dino.initialize(m, 8);
            ParameterStore ps = new ParameterStore(m, false);
            List<NDArray> views = List.of(m.randomUniform(0, 1, new Shape(4, 3, 8, 8)), m.randomUniform(0, 1, new Shape(4, 3, 8, 8)),
                    m.randomUniform(0, 1, new Shape(4, 3, 4, 4)), m.randomUniform(0, 1, new Shape(4, 3, 4, 4)));
            // the teacher starts as the student: its outputs are the student's
            List<Block> student = dino.trainableBlocks();
            NDArray globals = NDArrays.concat(new NDList(views.subList(0, 2).stream()
                    .map(v -> Forward.through(ps, v, student.toArray(Block[]::new))).toList()), 0);
            float[] expected = globals.mean(new int[] {0}, true).mul(0.1f).toFloatArray();
            try (NDManager scope = m.newSubManager()) {
                StepInput step = new StepInput(ps, views, null, 0, scope);
                dino.loss(step);
                dino.afterUpdate(step);
            }
            assertArrayEquals(expected, dino.center().toFloatArray(), 1e-5f, "c ← 0.9 · 0 + 0.1 · mean");
            assertTrue(dino.state().arrays().get("center") == dino.center(), "the centre is kept in checkpoints");
        }
    }
}
