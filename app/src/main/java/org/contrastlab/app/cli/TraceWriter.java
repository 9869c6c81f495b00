package org.contrastlab.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.train.StepTrace;

/**
 * {@code train --trace DIR}: every step as {@code DIR/step-NNNN.safetensors} (its views as
 * {@code view.V}, every network's arrays before the step as {@code before.B.NAME}, where B is the
 * network's place among the method's trained ones and NAME DJL's parameter name; its learning
 * rate, weight decay and loss as metadata) and the networks after the last step as
 * {@code DIR/final.safetensors}. A replay in another implementation (for SwAV:
 * {@code benchmarks/swav_reference.py}) loads them, takes the same steps and compares.
 * About 12 MB a step for SwAV's 2×32 + 6×18 px views of 256 images: meant for a few steps.
 */
final class TraceWriter implements StepTrace {
    private final Path dir;
    private Map<String, SafeTensors.Tensor> pending;
    private Map<String, String> metadata;

    TraceWriter(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the trace folder", e);
        }
    }

    @Override
    public void before(int step, List<NDArray> views, double learningRate, double weightDecay, List<Block> blocks) {
        pending = new LinkedHashMap<>();
        for (int v = 0; v < views.size(); v++) {
            pending.put("view." + v, tensor(views.get(v)));
        }
        pending.putAll(networks("before.", blocks));
        metadata = new LinkedHashMap<>();
        metadata.put("step", Integer.toString(step));
        metadata.put("lr", Double.toString(learningRate));
        metadata.put("weight_decay", Double.toString(weightDecay));
    }

    @Override
    public void after(int step, double loss, List<Block> blocks) {
        metadata.put("loss", Double.toString(loss));
        write(String.format(Locale.ROOT, "step-%04d.safetensors", step), pending, metadata);
        write("final.safetensors", networks("after.", blocks), Map.of("after_step", Integer.toString(step)));
        pending = null;
    }

    private void write(String name, Map<String, SafeTensors.Tensor> tensors, Map<String, String> meta) {
        try {
            SafeTensors.write(dir.resolve(name), tensors, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(name) + ": cannot write the trace", e);
        }
    }

    private static Map<String, SafeTensors.Tensor> networks(String prefix, List<Block> blocks) {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (int b = 0; b < blocks.size(); b++) {
            for (Pair<String, Parameter> p : blocks.get(b).getParameters()) {
                out.put(prefix + b + "." + p.getKey(), tensor(p.getValue().getArray()));
            }
        }
        return out;
    }

    private static SafeTensors.Tensor tensor(NDArray a) {
        float[] data = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
        return new SafeTensors.Tensor(a.getShape().getShape(), data);
    }
}
