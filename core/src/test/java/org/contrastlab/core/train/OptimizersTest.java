package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three steps of each optimizer on a linear layer against a plain-Java run of the reference
 * update (torch.optim.SGD with and without Nesterov, barlowtwins' LARS, torch.optim.AdamW):
 * the weight matrix decayed (and, for LARS, adapted), the bias neither.
 */
class OptimizersTest {
    private static final double LR = 0.1;
    private static final double WD = 0.05;
    private static final double MOMENTUM = 0.9;

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "nesterov", "lars", "adamw"})
    void stepsAsTheReferenceUpdate(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Block linear = Linear.builder().setUnits(2).build();
            linear.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            Parameter weight = linear.getParameters().get("weight");
            Parameter bias = linear.getParameters().get("bias");
            Optimizer opt = Optimizer.create(name, List.of(linear), Set.of(), m, MOMENTUM);
            Reference w = new Reference(name, weight.getArray().toFloatArray(), true);
            Reference b = new Reference(name, bias.getArray().toFloatArray(), false);
            float[][] inputs = {{1, -2, 0.5f}, {0.3f, 0.7f, -1}, {2, 0, 1}};
            for (int t = 0; t < inputs.length; t++) {
                float[] x = inputs[t];
                // a rate that changes every step, as under a warm-up: the momentum buffer must not carry old rates
                double lr = LR * (t + 1) / inputs.length;
                try (NDManager scope = m.newSubManager()) {
                    ParameterStore ps = new ParameterStore(scope, false);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray y = linear.forward(ps, new NDList(scope.create(x, new Shape(1, 3))), true).singletonOrThrow();
                        c.backward(y.mul(scope.create(new float[] {1.5f, -0.5f}, new Shape(1, 2))).sum());
                    }
                    w.step(weight.getArray().getGradient().toFloatArray(), lr);
                    b.step(bias.getArray().getGradient().toFloatArray(), lr);
                    opt.step(lr, LR, WD, Set.of(), scope);
                }
                assertClose(w.values, weight.getArray().toFloatArray(), name + " weight");
                assertClose(b.values, bias.getArray().toFloatArray(), name + " bias");
                assertEquals(0, weight.getArray().getGradient().abs().sum().getFloat(), 0, "the gradient is cleared");
            }
        }
    }

    @Test
    void anUnknownOptimizerIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("adagrad", List.of(), Set.of(), null, 0.9));
        assertEquals(true, e.getMessage().contains("lars"), e.getMessage());
    }

    private static void assertClose(double[] expected, float[] got, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    /** The reference update of one parameter, in doubles. */
    private static final class Reference {
        final String name;
        final double[] values;
        final double[] v1;
        final double[] v2;
        final boolean decayed;
        int t;

        Reference(String name, float[] start, boolean decayed) {
            this.name = name;
            this.values = new double[start.length];
            for (int i = 0; i < start.length; i++) {
                values[i] = start[i];
            }
            this.v1 = new double[start.length];
            this.v2 = new double[start.length];
            this.decayed = decayed;
        }

        void step(float[] grad, double lr) {
            double wd = decayed ? WD : 0;
            int n = values.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = grad[i] + (name.equals("adamw") ? 0 : wd * values[i]);
            }
            switch (name) {
                case "sgd", "nesterov" -> {
                    for (int i = 0; i < n; i++) {
                        v1[i] = MOMENTUM * v1[i] + d[i];
                        values[i] -= lr * (name.equals("sgd") ? v1[i] : d[i] + MOMENTUM * v1[i]);
                    }
                }
                case "lars" -> {
                    double trust = 1;
                    if (decayed) {
                        double wn = 0;
                        double dn = 0;
                        for (int i = 0; i < n; i++) {
                            wn += values[i] * values[i];
                            dn += d[i] * d[i];
                        }
                        wn = Math.sqrt(wn);
                        dn = Math.sqrt(dn);
                        trust = wn > 0 && dn > 0 ? Lars.TRUST_COEFFICIENT * wn / dn : 1;
                    }
                    for (int i = 0; i < n; i++) {
                        v1[i] = MOMENTUM * v1[i] + d[i] * trust;
                        values[i] -= lr * v1[i];
                    }
                }
                default -> {
                    t++;
                    for (int i = 0; i < n; i++) {
                        values[i] *= 1 - lr * wd;
                        v1[i] = MOMENTUM * v1[i] + (1 - MOMENTUM) * grad[i];
                        v2[i] = AdamW.BETA2 * v2[i] + (1 - AdamW.BETA2) * grad[i] * grad[i];
                        double mHat = v1[i] / (1 - Math.pow(MOMENTUM, t));
                        double vHat = v2[i] / (1 - Math.pow(AdamW.BETA2, t));
                        values[i] -= lr * mHat / (Math.sqrt(vHat) + AdamW.EPSILON);
                    }
                }
            }
        }
    }
}
