package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code a training step runs sends nothing from the host to the device except its one
 * packed upload ({@code HostPack}). With DJL 0.35.1 every {@code NDArray} op given a Java
 * number ({@code x.add(1f)}, {@code x.gte(0.5)}, ...) makes a 0-d tensor on the host and copies
 * it with libtorch's blocking {@code to(device)}, and so does every {@code NDManager.create}:
 * on a GPU each one waits for all queued work. This reads the compiled classes of the step's
 * packages and lists every such call. ({@code clip(Number, Number)} passes its bounds to the
 * kernel as scalars: allowed.)
 */
class StepCodeTest {
    private static final Path CLASSES = Path.of("target/classes/org/contrastlab/core");
    private static final List<String> STEP_PACKAGES = List.of("augment", "eval", "loss", "method", "model", "ssl", "train");
    /** Classes of those packages that run outside a training step, and why. */
    private static final Map<String, String> NOT_IN_A_STEP = Map.of(
            "augment/ViewPreview", "draws previews for the window",
            "augment/AugmentBenchmark", "bench augment's own timing loop",
            "model/vit/PositionEmbedding", "the sin-cos table is made once when the network is built; DINO's resampling "
                    + "matrices only for ViTs opened from PyTorch files, which do not train (--init-from copies into a run's own ViT)",
            "model/vit/TimmWeights", "loads weights once",
            "model/weights/WeightsFile", "loads weights once",
            "train/RunDirectory", "reads and writes checkpoints between steps");
    private static final String HOST_PACK = "org/contrastlab/core/env/HostPack";

    @Test
    void theStepCopiesNoNumberToTheDevice() throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : STEP_PACKAGES) {
            try (Stream<Path> files = Files.walk(CLASSES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = CLASSES.relativize(f).toString().replace(".class", "").replaceAll("\\$.*", "");
                    if (NOT_IN_A_STEP.containsKey(name)) {
                        continue;
                    }
                    for (ClassFileRefs.Ref ref : ClassFileRefs.methodsCalled(f)) {
                        if (copiesToDevice(ref)) {
                            found.add(name + " calls " + ref);
                        }
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "host-to-device copies in the step's code:\n" + String.join("\n", found));
    }

    private static boolean copiesToDevice(ClassFileRefs.Ref ref) {
        boolean ndarray = ref.owner().equals("ai/djl/ndarray/NDArray") || ref.owner().equals("ai/djl/ndarray/NDArrays")
                || ref.owner().startsWith("ai/djl/pytorch/engine/PtNDArray");
        boolean manager = ref.owner().equals("ai/djl/ndarray/NDManager") || ref.owner().startsWith("ai/djl/pytorch/engine/PtNDManager");
        if (ndarray && ref.descriptor().contains("Ljava/lang/Number;") && !ref.name().equals("clip")) {
            return true;
        }
        return manager && ref.name().equals("create");
    }

    @Test
    void theScanSeesACopy() throws IOException {
        // the check itself: HostPack makes its one array with NDManager.create, and the scan finds it
        Path hostPack = Path.of("target/classes").resolve(HOST_PACK + ".class");
        assertTrue(ClassFileRefs.methodsCalled(hostPack).stream().anyMatch(StepCodeTest::copiesToDevice));
    }
}
