package org.contrastlab.core.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.contrastlab.core.model.ProjectionHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared blocks on their own: queue order, EMA arithmetic and stop-gradient, schedules, Sinkhorn, the bank, the collapse monitor. */
class SharedBlocksTest {
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(3);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static NDArray rows(float... firstValues) {
        float[] flat = new float[firstValues.length * 2];
        for (int i = 0; i < firstValues.length; i++) {
            flat[2 * i] = firstValues[i];
            flat[2 * i + 1] = -firstValues[i];
        }
        return m.create(flat, new Shape(firstValues.length, 2));
    }

    private static float[] firstColumn(NDArray a) {
        return a.get(":, 0").toFloatArray();
    }

    @Test
    void theQueueOverwritesItsOldestRowsAndWrapsRound() {
        KeyQueue q = KeyQueue.zeros(m, 5, 2);
        assertEquals(0, q.filled());
        q.enqueue(rows(1, 2, 3));
        assertArrayEquals(new float[] {1, 2, 3, 0, 0}, firstColumn(q.rows()));
        assertEquals(3, q.pointer());
        assertFalse(q.isFull());
        q.enqueue(rows(4, 5, 6));
        // 4 and 5 fill the end, 6 replaces the oldest key (1)
        assertArrayEquals(new float[] {6, 2, 3, 4, 5}, firstColumn(q.rows()));
        assertArrayEquals(new float[] {-6, -2, -3, -4, -5}, q.rows().get(":, 1").toFloatArray());
        assertEquals(1, q.pointer());
        assertTrue(q.isFull());
        assertEquals(5, q.filled());
        q.enqueue(rows(7, 8));
        assertArrayEquals(new float[] {6, 7, 8, 4, 5}, firstColumn(q.rows()));
        assertThrows(IllegalArgumentException.class, () -> q.enqueue(rows(1, 2, 3, 4, 5, 6)));
    }

    @Test
    void aRandomQueueStartsWithUnitRows() {
        KeyQueue q = KeyQueue.randomUnit(m, 64, 16);
        float[] norms = q.rows().norm(new int[] {1}).toFloatArray();
        for (float n : norms) {
            assertEquals(1, n, 1e-5);
        }
        assertEquals(0, q.filled());
    }

    @Test
    void theTeacherStartsAsTheStudentThenFollowsItsMovingAverageWithoutGradient() {
        Block student = ProjectionHead.build(8, 4);
        Block teacher = ProjectionHead.build(8, 4);
        student.initialize(m, DataType.FLOAT32, new Shape(2, 6));
        teacher.initialize(m, DataType.FLOAT32, new Shape(2, 6));
        EmaTeacher ema = new EmaTeacher(student, teacher);
        List<Pair<String, Parameter>> s = student.getParameters().stream().toList();
        List<Pair<String, Parameter>> t = teacher.getParameters().stream().toList();
        for (int i = 0; i < s.size(); i++) {
            assertArrayEquals(s.get(i).getValue().getArray().toFloatArray(), t.get(i).getValue().getArray().toFloatArray(), 0f,
                    "copied: " + t.get(i).getKey());
            assertFalse(t.get(i).getValue().requiresGradient(), "frozen: " + t.get(i).getKey());
        }
        // move the student, then average with m = 0.9
        float[][] before = new float[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            before[i] = t.get(i).getValue().getArray().toFloatArray();
            if (s.get(i).getValue().requiresGradient()) {
                s.get(i).getValue().getArray().addi(1f);
            }
        }
        try (NDManager scope = m.newSubManager()) {
            ema.update(0.9, scope);
        }
        for (int i = 0; i < s.size(); i++) {
            float[] now = t.get(i).getValue().getArray().toFloatArray();
            boolean trained = s.get(i).getValue().requiresGradient();
            for (int k = 0; k < now.length; k++) {
                // θ_t ← 0.9·θ_t + 0.1·(θ_t + 1) = θ_t + 0.1 (untrained running statistics stay)
                assertEquals(before[i][k] + (trained ? 0.1f : 0f), now[k], 1e-5, t.get(i).getKey());
            }
        }
        // a loss through both networks trains only the student
        try (NDManager scope = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray x = scope.randomNormal(new Shape(4, 6));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray ys = student.forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray yt = teacher.forward(ps, new NDList(x), true).singletonOrThrow();
                c.backward(ys.mul(yt).sum());
            }
            for (Pair<String, Parameter> p : t) {
                assertFalse(p.getValue().getArray().hasGradient() && p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                        "no gradient reaches the teacher's " + p.getKey());
            }
            Parameter w = s.get(0).getValue();
            assertTrue(w.getArray().getGradient().abs().sum().getFloat() > 0, "the student is trained");
            w.getArray().getGradient().muli(0);
        }
    }

    @Test
    void momentumRisesFromItsBaseToOneOnACosine() {
        MomentumSchedule byol = new MomentumSchedule(0.996, true, 1000);
        assertEquals(0.996, byol.at(0), 1e-12);
        assertEquals(0.998, byol.at(500), 1e-12);
        assertEquals(1.0, byol.at(1000), 1e-12);
        assertTrue(byol.at(250) < byol.at(750));
        MomentumSchedule moco = new MomentumSchedule(0.99, false, 1000);
        assertEquals(0.99, moco.at(0));
        assertEquals(0.99, moco.at(999));
        assertThrows(IllegalArgumentException.class, () -> new MomentumSchedule(1.5, false, 10));
    }

    @Test
    void sinkhornCodesAreAnEquipartitionOfTheBatch() {
        int b = 12;
        int k = 4;
        NDArray scores = m.randomUniform(-1, 1, new Shape(b, k));
        NDArray q = SinkhornKnopp.codes(scores, 0.05, 3);
        float[] rowSums = q.sum(new int[] {1}).toFloatArray();
        for (float r : rowSums) {
            assertEquals(1, r, 1e-5, "every sample's code sums to 1");
        }
        // against a plain-Java run of the same three iterations
        float[] s = scores.toFloatArray();
        double[][] ref = new double[k][b];
        double max = Double.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double total = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                ref[j][i] = Math.exp((s[i * k + j] - max) / 0.05);
                total += ref[j][i];
            }
        }
        for (double[] row : ref) {
            for (int i = 0; i < b; i++) {
                row[i] /= total;
            }
        }
        for (int it = 0; it < 3; it++) {
            for (double[] row : ref) {
                double sum = 0;
                for (double v : row) {
                    sum += v;
                }
                for (int i = 0; i < b; i++) {
                    row[i] /= sum * k;
                }
            }
            for (int i = 0; i < b; i++) {
                double sum = 0;
                for (double[] row : ref) {
                    sum += row[i];
                }
                for (double[] row : ref) {
                    row[i] /= sum * b;
                }
            }
        }
        float[] got = q.toFloatArray();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                assertEquals(ref[j][i] * b, got[i * k + j], 1e-4);
            }
        }
        // with enough iterations every prototype gets b/k of the batch
        float[] columns = SinkhornKnopp.codes(scores, 0.05, 200).sum(new int[] {0}).toFloatArray();
        for (float c : columns) {
            assertEquals((double) b / k, c, 1e-2);
        }
    }

    @Test
    void aBankFilledFromTheEncoderHoldsItsRowsAndRefusesAWrongShape() {
        MemoryBank bank = new MemoryBank(m, 2, 3);
        try (NDManager scope = m.newSubManager()) {
            float[] rows = {0, 1, 0, 0.6f, 0, 0.8f};
            bank.fill(scope.create(rows, new Shape(2, 3)));
            Assertions.assertArrayEquals(rows, bank.rows().toFloatArray(), 0f);
            IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                    () -> bank.fill(scope.zeros(new Shape(3, 3))));
            assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        }
    }

    @Test
    void theBankMovesVisitedRowsTowardsTheNewFeatures() {
        MemoryBank bank = new MemoryBank(m, 10, 3);
        float bound = (float) (1 / Math.sqrt(1.0));
        for (float v : bank.rows().toFloatArray()) {
            assertTrue(Math.abs(v) <= bound, "uniform in [-1/sqrt(d/3), 1/sqrt(d/3)]");
        }
        try (NDManager scope = m.newSubManager()) {
            NDArray idx = scope.create(new long[] {2, 7});
            float[] old = bank.get(idx).toFloatArray();
            float[] f = {1, 0, 0, 0, 0, 1};
            bank.update(idx, scope.create(f, new Shape(2, 3)), 0.5);
            float[] now = bank.get(idx).toFloatArray();
            for (int r = 0; r < 2; r++) {
                double[] mixed = new double[3];
                double n = 0;
                for (int c = 0; c < 3; c++) {
                    mixed[c] = 0.5 * old[r * 3 + c] + 0.5 * f[r * 3 + c];
                    n += mixed[c] * mixed[c];
                }
                for (int c = 0; c < 3; c++) {
                    assertEquals(mixed[c] / Math.sqrt(n), now[r * 3 + c], 1e-5);
                }
            }
        }
    }

    @Test
    void collapseIsZeroForOnePointAndAboutOneOverRootDForSpreadOutputs() {
        NDArray same = m.ones(new Shape(32, 16)).mul(3f);
        assertEquals(0, Collapse.std(same), 1e-6);
        NDArray spread = m.randomNormal(new Shape(2000, 64));
        assertEquals(1 / Math.sqrt(64), Collapse.std(spread), 0.01);
    }
}
