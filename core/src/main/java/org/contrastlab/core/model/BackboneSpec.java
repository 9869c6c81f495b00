package org.contrastlab.core.model;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** A registered backbone: its id, its feature width, a one-line description and a factory. */
public record BackboneSpec(String id, int featureDim, String description, Supplier<Block> factory) {

    private static final List<BackboneSpec> ALL = List.of(
            new BackboneSpec("convnet-small", 256,
                    "small ConvNet (32-64-128-256, 4 convs with BN), 0.39 M parameters, for 32–64 px on a CPU",
                    () -> ConvNetSmall.build(new int[] {32, 64, 128, 256}, 1)),
            new BackboneSpec("convnet-tiny", 128,
                    "tiny ConvNet (16-32-64-128, 4 convs with BN), 0.1 M parameters, for quick tests and demos",
                    () -> ConvNetSmall.build(new int[] {16, 32, 64, 128}, 1)));

    public Block newBlock() {
        return factory.get();
    }

    public static List<BackboneSpec> all() {
        return ALL;
    }

    public static BackboneSpec byId(String id) {
        return ALL.stream().filter(b -> b.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown backbone '" + id + "' (known: "
                        + Arrays.toString(ALL.stream().map(BackboneSpec::id).toArray()) + ")"));
    }
}
