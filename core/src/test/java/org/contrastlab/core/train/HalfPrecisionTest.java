package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --precision fp16}: the networks compute in float16 over float32 weights. From the same
 * seed and weights, each method's first loss in float16 is the float32 one to float16's
 * rounding, and its first update moves the backbone's weights the way float32's does (the
 * gradients reach the float32 weights through the casts and the loss scale is undone). That
 * fp16 learns as well over a long run is measured on a GPU ({@code benchmarks/gpu-session.sh}):
 * float16 arithmetic is emulated on most CPUs, about 13 times slower than float32.
 */
class HalfPrecisionTest {
    private static DatasetSplits cifar;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(128), full.test().head(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "moco-v2", "byol", "simsiam", "swav", "dino", "barlow-twins", "instdisc", "moco-v3"})
    void theFirstStepMatchesFloat32(String method) {
        TrainConfig fp32 = MethodPresets.small(method, "cifar10-subset").toBuilder()
                .backbone(method.equals("moco-v3") ? "vit-micro" : "convnet-tiny").batchSize(16).steps(2)
                .headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(0).evalEvery(0)
                .methodParams(method.startsWith("moco-v2") ? Map.of("queue_size", 64.0, "split_bn", 2.0)
                        : method.equals("instdisc") ? Map.of("negatives", 64.0) : Map.of()).build();
        Step full = firstStep(fp32);
        // a first scale that does not overflow, so that the step is taken (at 2^16 some methods drop theirs)
        Step half = firstStep(fp32.toBuilder().precision(TrainConfig.FP16).build(), new TrainingSession.Probes(() -> { }, 256));
        assertEquals(full.loss, half.loss, 2e-3 * Math.max(1, Math.abs(full.loss)), method + " first loss");
        double dot = 0;
        double nf = 0;
        double nh = 0;
        for (int i = 0; i < full.update.length; i++) {
            dot += full.update[i] * half.update[i];
            nf += full.update[i] * full.update[i];
            nh += half.update[i] * half.update[i];
        }
        double cosine = dot / Math.sqrt(nf * nh);
        assertTrue(nf > 0, method + ": the float32 step moved nothing");
        // AdamW's first step (MoCo v3) is about lr·sign(g) per weight: rounding flips the sign of the
        // tiniest gradients, so its cosine is lower than SGD's and LARS's (above 0.99), and depends on
        // the CPU's vector unit: 0.986 on one machine, 0.972 on another with the same code
        double least = fp32.optimizer().equals("adamw") ? 0.95 : 0.98;
        assertTrue(cosine > least, method + ": the float16 update points elsewhere, cosine " + cosine);
        assertEquals(1, Math.sqrt(nh / nf), 0.05, method + ": the float16 update's length against float32's");
        assertEquals(256, half.lossScale, 1e-3, method + ": a clean step keeps the scale");
    }

    @Test
    void aStepThatOverflowsIsDroppedAndTheScaleHalves() {
        // Barlow Twins' loss sums D² terms: at 2^16 its float16 gradients overflow on the first step
        TrainConfig config = MethodPresets.small("barlow-twins", "cifar10-subset").toBuilder().backbone("convnet-tiny")
                .batchSize(16).steps(2).headHidden(32).projectionDim(16).checkpointEvery(0).warmupSteps(0).evalEvery(0)
                .weightDecay(0).precision(TrainConfig.FP16).build();
        Step first = firstStep(config);
        assertEquals(LossScaler.INITIAL / 2, first.lossScale, 1e-3, "the scale after an overflow");
        assertTrue(Arrays.stream(first.update).allMatch(d -> d == 0), "a dropped step (no weight decay) moves nothing");
        assertTrue(Double.isFinite(first.loss), "the loss itself is float32 and finite");
    }

    private record Step(double loss, double[] update, double lossScale) {
    }

    /** One step of a session: its loss and how much each backbone weight moved. */
    private static Step firstStep(TrainConfig config) {
        return firstStep(config, TrainingSession.Probes.NONE);
    }

    private static Step firstStep(TrainConfig config, TrainingSession.Probes probes) {
        try (TrainingSession session = new TrainingSession(config, cifar, Device.cpu(), probes)) {
            List<Parameter> weights = session.live().backbone().getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            List<float[]> before = new ArrayList<>();
            weights.forEach(p -> before.add(p.getArray().toFloatArray()));
            session.step(0);
            double loss = session.drain().get(0).loss();
            List<Double> moved = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                float[] after = weights.get(i).getArray().toFloatArray();
                for (int j = 0; j < after.length; j++) {
                    moved.add((double) after[j] - before.get(i)[j]);
                }
            }
            double scale = session.monitors().getOrDefault("loss_scale", (double) LossScaler.INITIAL);
            return new Step(loss, moved.stream().mapToDouble(Double::doubleValue).toArray(), scale);
        }
    }
}
