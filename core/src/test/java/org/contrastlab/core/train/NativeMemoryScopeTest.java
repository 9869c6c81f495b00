package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.stream.Stream;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.method.MethodSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native memory is scoped (DESIGN.md decision 5): after the first steps, training steps and
 * evaluations leave no NDArray behind anywhere under the engine's system manager, for every
 * method (teachers, queues, banks and prototypes updated in place) and every optimizer (with
 * gradient clipping).
 */
class NativeMemoryScopeTest {
    private static DatasetSplits data;

    @BeforeAll
    static void load() {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        data = new DatasetSplits("cifar10-subset", full.train().head(256), full.test().head(64));
    }

    static Stream<Arguments> runs() {
        Stream<Arguments> methods = MethodSpec.all().stream().map(m -> Arguments.of(m.id(), "sgd", "convnet-tiny"));
        Stream<Arguments> optimizers = Stream.of("nesterov", "lars", "adamw").map(o -> Arguments.of("simclr", o, "convnet-tiny"));
        // the ViT's parameters (CLS token, position table) and DINO's weight-normalised layer are used in ops every step
        Stream<Arguments> vits = Stream.of(Arguments.of("simclr", "sgd", "vit-micro"), Arguments.of("dino", "adamw", "vit-micro"));
        return Stream.concat(Stream.concat(methods, optimizers), vits);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void stepsAndEvaluationsLeaveNoArraysBehind(String method, String optimizer, String backbone) {
        Map<String, Double> params = switch (method) {
            case "moco-v1", "moco-v2" -> Map.of("queue_size", 64.0, "split_bn", 2.0);
            case "instdisc", "cmc" -> Map.of("negatives", 32.0);
            case "swav" -> Map.of("queue_size", 64.0, "freeze_prototypes", 3.0, "prototypes", 24.0);
            default -> Map.of();
        };
        TrainConfig config = MethodPresets.small(method, "cifar10-subset").toBuilder().backbone(backbone).batchSize(32)
                .steps(40).headHidden(32).projectionDim(16).warmupSteps(2).checkpointEvery(0).evalEvery(0).knnK(20)
                .optimizer(optimizer).gradClip(optimizer.equals("sgd") ? 0 : 3.0).methodParams(params).build();
        try (TrainingSession session = new TrainingSession(config, data, Device.cpu())) {
            session.step(0);
            session.step(1);
            session.evaluate();
            int settled = liveArrays();
            for (int step = 2; step < 12; step++) {
                session.step(step);
            }
            session.monitors();
            session.evaluate();
            session.evaluate();
            assertEquals(settled, liveArrays(), method + "/" + optimizer + "/" + backbone
                    + ": arrays alive after 10 more steps and 2 evaluations");
        }
    }

    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
