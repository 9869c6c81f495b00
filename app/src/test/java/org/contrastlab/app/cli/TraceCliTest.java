package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --trace}: what a replay in PyTorch ({@code benchmarks/swav_reference.py}) reads:
 * each step's views in the recipe's order and sizes, every network before the step, the step's
 * loss as the run recorded it, and the networks after the last step.
 */
class TraceCliTest {
    @TempDir
    Path tmp;

    @Test
    void everyStepsViewsNetworksAndLossAreWritten() throws Exception {
        Path run = tmp.resolve("run");
        Path trace = tmp.resolve("trace");
        CliTest.Outcome o = CliTest.run("train", "--data", "sample:shapes", "--method", "swav", "--recipe", "swav-cifar",
                "--backbone", "convnet-tiny",
                "--steps", "2", "--batch-size", "16", "--seed", "3", "--out", run.toString(), "--trace", trace.toString());
        assertEquals(0, o.code(), o.err());
        SafeTensors.Contents first = SafeTensors.read(trace.resolve("step-0000.safetensors"));
        SafeTensors.Contents second = SafeTensors.read(trace.resolve("step-0001.safetensors"));
        SafeTensors.Contents last = SafeTensors.read(trace.resolve("final.safetensors"));
        // swav-cifar: 2 global views of 32 px, then 6 local ones of 18 px
        assertArrayEquals(new long[] {16, 3, 32, 32}, first.tensors().get("view.1").shape());
        assertArrayEquals(new long[] {16, 3, 18, 18}, first.tensors().get("view.7").shape());
        assertFalse(first.tensors().containsKey("view.8"));
        // the backbone, the projector and the prototypes, as the method trains them
        for (String net : new String[] {"before.0.", "before.1.", "before.2."}) {
            assertTrue(first.tensors().keySet().stream().anyMatch(k -> k.startsWith(net)), net + " in " + first.tensors().keySet());
        }
        String kernel = first.tensors().keySet().stream().filter(k -> k.startsWith("before.0.") && k.endsWith("weight")).findFirst()
                .orElseThrow();
        float[] before = first.tensors().get(kernel).data();
        float[] afterOne = second.tensors().get(kernel).data();
        float[] afterTwo = last.tensors().get("after" + kernel.substring("before".length())).data();
        assertFalse(Arrays.equals(before, afterOne), "a step moves the weights");
        assertFalse(Arrays.equals(afterOne, afterTwo), "the final networks are those after the last step");
        // the losses are the run's own
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        String stepTwo = metrics.stream().filter(l -> l.contains("\"step\":2,")).findFirst().orElseThrow();
        double recorded = Double.parseDouble(stepTwo.replaceAll(".*\"loss\":([^,}]+).*", "$1"));
        assertEquals(recorded, Double.parseDouble(second.metadata().get("loss")), 1e-6);
        assertEquals("1", second.metadata().get("step"));
        assertTrue(Double.parseDouble(first.metadata().get("lr")) > 0);
    }
}
