package org.contrastlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.FixtureAssertions;
import org.contrastlab.core.env.ParameterArrays;
import org.contrastlab.core.io.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * InfoMin's jigsaw head against a plain PyTorch version of PyContrast's on the same weights,
 * inputs and patch order ({@code fixtures/jigsaw.safetensors}, written by
 * {@code benchmarks/jigsaw_fixture.py}): the output and the gradients of the input, the first
 * layer's and the combining layer's weights, to 1e-5.
 */
class JigsawHeadFixtureTest {

    @Test
    void matchesPyContrastsHeadWithTheSameOrder() throws IOException, URISyntaxException {
        SafeTensors.Contents f = SafeTensors.read(Path.of(getClass().getResource("/fixtures/jigsaw.safetensors").toURI()));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = array(m, f, "in_x");
            NDArray order = array(m, f, "order").toType(DataType.INT64, false);
            int patches = (int) order.getShape().get(1);
            long hidden = f.tensors().get("w1").shape()[0];
            long projection = f.tensors().get("w2").shape()[0];
            JigsawHead head = new JigsawHead(patches, (int) hidden, (int) projection);
            head.initialize(m, DataType.FLOAT32, x.getShape());
            List<Parameter> params = head.getParameters().values();
            List<String> names = List.of("w1", "b1", "w2", "b2", "w3", "b3");
            assertEquals(names.size(), params.size(), "fc1 (two linear layers) and fc2, each with weight and bias");
            for (int i = 0; i < names.size(); i++) {
                NDArray value = array(m, f, names.get(i));
                value.setRequiresGradient(true);
                ParameterArrays.replace(params.get(i), value);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                NDArray out = head.forward(new ParameterStore(m, false), x, order, true);
                assertClose("output", f, "out", out);
                gc.backward(out.mul(array(m, f, "r")).sum());
            }
            assertClose("gradient of the input", f, "grad_x", x.getGradient());
            assertClose("gradient of the first layer's weight", f, "grad_w1", params.get(0).getArray().getGradient());
            assertClose("gradient of the combining layer's weight", f, "grad_w3", params.get(4).getArray().getGradient());
        }
    }

    @Test
    void eachImageGetsItsOwnPermutation() {
        // the order drawn in training: a new one each pass, so two passes over the same features differ
        try (NDManager m = NDManager.newBaseManager()) {
            JigsawHead head = new JigsawHead(9, 6, 4);
            NDArray x = m.randomNormal(new Shape(64 * 9, 5));
            head.initialize(m, DataType.FLOAT32, x.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = head.forward(ps, new NDList(x), true).singletonOrThrow();
            NDArray b = head.forward(ps, new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(64, 4), a.getShape());
            assertTrue(a.sub(b).abs().max().getFloat() > 1e-4, "two passes draw two orders");
        }
    }

    private static NDArray array(NDManager m, SafeTensors.Contents f, String name) {
        SafeTensors.Tensor t = f.tensors().get(name);
        return m.create(t.data(), new Shape(t.shape()));
    }

    private static void assertClose(String what, SafeTensors.Contents f, String name, NDArray got) {
        FixtureAssertions.assertClose(what, f.tensors().get(name).data(), got.toFloatArray());
    }
}
