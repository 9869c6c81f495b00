package org.contrastlab.core.method;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A registered method: its id, a one-line description, its reference (paper and code), how
 * many views of each image it takes, and a factory that wires it around a backbone with the given feature width.
 */
public record MethodSpec(String id, String description, String reference, int minViews, int maxViews, Factory factory) {

    /** Builds the method around a backbone. */
    @FunctionalInterface
    public interface Factory {
        SslMethod create(Block backbone, int featureDim, MethodOptions options);
    }

    private static final List<MethodSpec> ALL = List.of(
            new MethodSpec("simclr",
                    "contrast two views of each image against the rest of the batch (NT-Xent)",
                    "Chen et al. 2020, arXiv:2002.05709; google-research/simclr",
                    2, 2,
                    (backbone, dim, o) -> new SimClr(backbone, dim,
                            org.contrastlab.core.model.ProjectionHead.build(o.headHidden(), o.projectionDim()),
                            o.temperature())));

    public SslMethod create(Block backbone, int featureDim, MethodOptions options) {
        return factory.create(backbone, featureDim, options);
    }

    public static List<MethodSpec> all() {
        return ALL;
    }

    public static MethodSpec byId(String id) {
        return ALL.stream().filter(m -> m.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown method '" + id + "' (known: "
                        + ALL.stream().map(MethodSpec::id).toList() + ")"));
    }
}
