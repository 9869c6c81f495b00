package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.contrastlab.core.FixtureAssertions;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.loss.BankContrast;
import org.contrastlab.core.loss.BatchInstanceLoss;
import org.contrastlab.core.loss.CrossCorrelationLoss;
import org.contrastlab.core.loss.DinoLoss;
import org.contrastlab.core.loss.GridPredictionLoss;
import org.contrastlab.core.loss.InfoNceLoss;
import org.contrastlab.core.loss.KoLeoLoss;
import org.contrastlab.core.loss.MaskedPatchLoss;
import org.contrastlab.core.loss.NceLoss;
import org.contrastlab.core.loss.NegativeCosineLoss;
import org.contrastlab.core.loss.NtXentLoss;
import org.contrastlab.core.loss.SwappedPredictionLoss;
import org.contrastlab.core.ssl.SinkhornKnopp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every method's loss against a plain PyTorch version of its reference formula on the same
 * inputs: values and the gradients of the inputs, to 1e-5. The fixtures
 * ({@code fixtures/losses.safetensors}) are written by {@code benchmarks/loss_fixtures.py}
 * with Debian's python3-torch, which names the reference code of each formula; inputs without
 * a gradient there (targets behind a stop-gradient, keys, queues, teachers) must get none here.
 */
class LossFixturesTest {
    private static SafeTensors.Contents fixtures;
    private static NDManager m;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        fixtures = SafeTensors.read(Path.of(LossFixturesTest.class.getResource("/fixtures/losses.safetensors").toURI()));
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void simclrNtXent() {
        check("simclr", List.of("z1", "z2"), in -> NtXentLoss.compute(in.get("z1"), in.get("z2"), param("simclr", "temperature")));
    }

    @Test
    void mocoInfoNce() {
        check("moco", List.of("q", "k", "queue"),
                in -> InfoNceLoss.compute(in.get("q"), in.get("k").stopGradient(), in.get("queue").stopGradient(), param("moco",
                        "temperature")));
    }

    @Test
    void mocoV3Contrast() {
        float t = param("mocov3", "temperature");
        check("mocov3", List.of("q1", "q2", "k1", "k2"),
                in -> MoCoV3.contrast(in.get("q1"), in.get("k2").stopGradient(), t).add(MoCoV3.contrast(in.get("q2"), in.get("k1")
                        .stopGradient(), t)));
    }

    @Test
    void simsiamNegativeCosine() {
        check("simsiam", List.of("p", "z"), in -> NegativeCosineLoss.compute(in.get("p"), in.get("z")));
    }

    @Test
    void byolRegression() {
        check("byol", List.of("p", "z"), in -> NegativeCosineLoss.byol(in.get("p"), in.get("z")));
    }

    @Test
    void barlowTwinsCrossCorrelation() {
        check("barlow", List.of("z1", "z2"), in -> CrossCorrelationLoss.compute(in.get("z1"), in.get("z2"), param("barlow", "lambda")));
    }

    @Test
    void dinoSelfDistillation() {
        check("dino", List.of("s0", "s1", "s2", "s3", "t0", "t1", "center"),
                in -> DinoLoss.compute(List.of(in.get("s0"), in.get("s1"), in.get("s2"), in.get("s3")), List.of(in.get("t0"), in.get("t1")),
                        in.get("center"), param("dino", "student_temp"), param("dino", "teacher_temp")));
    }

    @Test
    void dinoWithSinkhornCentring() {
        check("dinosk", List.of("s0", "s1", "s2", "s3", "t0", "t1"), in -> {
            NDArray teacher = in.get("t0").concat(in.get("t1"), 0);
            NDArray q = SinkhornKnopp.codes(teacher.stopGradient(), param("dinosk", "teacher_temp"),
                    Math.round(param("dinosk", "iterations")));
            long b = in.get("t0").getShape().get(0);
            return DinoLoss.fromTargets(List.of(in.get("s0"), in.get("s1"), in.get("s2"), in.get("s3")),
                    List.of(q.get("0:" + b), q.get(b + ":")), param("dinosk", "student_temp"));
        });
    }

    @Test
    void ibotMaskedPatchTerm() {
        check("ibot", List.of("s0", "s1", "t0", "t1", "m0", "m1", "center"),
                in -> MaskedPatchLoss.compute(List.of(in.get("s0"), in.get("s1")), List.of(in.get("t0"), in.get("t1")), in.get("center"),
                        List.of(in.get("m0").stopGradient(), in.get("m1").stopGradient()), param("ibot", "student_temp"),
                        param("ibot", "teacher_temp")));
    }

    @Test
    void koLeoSpreadsTheBatch() {
        check("koleo", List.of("x"), in -> KoLeoLoss.compute(in.get("x")));
    }

    @Test
    void swavSinkhornCodesAndSwappedPrediction() {
        double epsilon = param("swav", "epsilon");
        int iterations = Math.round(param("swav", "iterations"));
        int globals = Math.round(param("swav", "globals"));
        for (int g = 0; g < globals; g++) {
            NDArray codes = SinkhornKnopp.codes(array("swav.in_s" + g), epsilon, iterations);
            assertClose("swav.codes" + g, tensor("swav.codes" + g).data(), codes.toFloatArray());
        }
        check("swav", List.of("s0", "s1", "s2", "s3"), in -> {
            List<NDArray> scores = List.of(in.get("s0"), in.get("s1"), in.get("s2"), in.get("s3"));
            List<NDArray> codes = new ArrayList<>();
            for (int g = 0; g < globals; g++) {
                codes.add(SinkhornKnopp.codes(scores.get(g).stopGradient(), epsilon, iterations));
            }
            return SwappedPredictionLoss.compute(scores, codes, param("swav", "temperature"));
        });
    }

    @Test
    void instDiscNce() {
        check("nce", List.of("x"), in -> NceLoss.compute(in.get("x"), Math.round(param("nce", "n"))));
    }

    @Test
    void invaSpreadBatchInstance() {
        check("invaspread", List.of("x1", "x2"), in -> BatchInstanceLoss.compute(in.get("x1"), in.get("x2"), param("invaspread",
                "temperature")));
    }

    @Test
    void cmcContrastOfBothViews() {
        float tau = param("cmc", "temperature");
        check("cmc", List.of("l", "ab", "wl", "wab"), in -> BankContrast.softmax(in.get("l"), in.get("wab").stopGradient(), tau)
                .add(BankContrast.softmax(in.get("ab"), in.get("wl").stopGradient(), tau)));
    }

    @Test
    void cpcPredictionsOfTheRowsBelow() {
        check("cpc", List.of("targets", "p1", "p2"), in -> GridPredictionLoss.compute(in.get("p1"), in.get("targets"), 1).loss()
                .add(GridPredictionLoss.compute(in.get("p2"), in.get("targets"), 2).loss()));
    }

    /** Our loss on the fixture's inputs: its value and every input's gradient as PyTorch's (none where PyTorch has none). */
    private static void check(String loss, List<String> names, Function<Map<String, NDArray>, NDArray> ours) {
        try (NDManager scope = m.newSubManager()) {
            Map<String, NDArray> inputs = new LinkedHashMap<>();
            for (String name : names) {
                NDArray x = array(loss + ".in_" + name).duplicate();
                x.attach(scope);
                x.setRequiresGradient(true);
                inputs.put(name, x);
            }
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = ours.apply(inputs);
                collector.backward(value);
            }
            assertClose(loss + ".value", tensor(loss + ".value").data(), new float[] {value.getFloat()});
            for (String name : names) {
                SafeTensors.Tensor expected = fixtures.tensors().get(loss + ".grad_" + name);
                float[] got = inputs.get(name).getGradient().toFloatArray();
                if (expected == null) {
                    for (float g : got) {
                        assertEquals(0, g, 0, loss + ": " + name + " gets no gradient in the reference");
                    }
                } else {
                    assertClose(loss + ".grad_" + name, expected.data(), got);
                }
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] got) {
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0 || what.contains("grad"), what + ": the fixture is all zeros");
        FixtureAssertions.assertClose(what, expected, got);
    }

    private static SafeTensors.Tensor tensor(String name) {
        SafeTensors.Tensor t = fixtures.tensors().get(name);
        assertNotNull(t, "fixture " + name + " (rerun benchmarks/loss_fixtures.py)");
        return t;
    }

    private static NDArray array(String name) {
        SafeTensors.Tensor t = tensor(name);
        return m.create(t.data(), new Shape(t.shape()));
    }

    private static float param(String loss, String name) {
        return tensor(loss + ".param_" + name).data()[0];
    }
}
