package org.contrastlab.core.method;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A registered method, all that the rest of the code knows about it: its id, a one-line
 * description, its reference (paper and code), how many views of each image it takes, its own
 * settings ({@link ParamSpec}, with their small-preset values), its small preset (views,
 * optimizer, heads, budgets), its own configuration checks, a factory that wires it around
 * new backbones, and the shape of its encoder ({@link EncoderShape}: the backbone itself for all
 * but CMC). Each method class declares its spec; {@link #all()} lists them, and nothing
 * outside a method branches on its id (docs/adding-a-method.md).
 */
public record MethodSpec(String id, String description, String reference, int minViews, int maxViews,
                         List<ParamSpec> params, MethodPreset preset, MethodCheck check, Factory factory, EncoderShape encoder) {

    public MethodSpec {
        params = List.copyOf(params);
        check = check == null ? MethodCheck.NONE : check;
        encoder = encoder == null ? EncoderShape.PLAIN : encoder;
        if (preset == null) {
            throw new IllegalArgumentException(id + ": a method needs a preset");
        }
    }

    /** A method that trains the registered backbone as it is. */
    public MethodSpec(String id, String description, String reference, int minViews, int maxViews, List<ParamSpec> params,
                      MethodPreset preset, MethodCheck check, Factory factory) {
        this(id, description, reference, minViews, maxViews, params, preset, check, factory, EncoderShape.PLAIN);
    }

    /** Builds the method; {@code newBackbone} makes a fresh backbone each call (a teacher needs its own). */
    @FunctionalInterface
    public interface Factory {
        SslMethod create(Supplier<Block> newBackbone, MethodContext context);
    }

    public SslMethod create(Supplier<Block> newBackbone, MethodContext context) {
        return factory.create(newBackbone, context);
    }

    /** The setting called {@code name}, or null. */
    public ParamSpec param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The registered methods, in the order of their papers. */
    public static List<MethodSpec> all() {
        return Registered.ALL;
    }

    /** The method called {@code id}, if registered. */
    public static Optional<MethodSpec> find(String id) {
        return Registered.ALL.stream().filter(m -> m.id.equals(id)).findFirst();
    }

    /** The method called {@code id}; an unknown id is an error naming the known ones. */
    public static MethodSpec byId(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown method '" + id + "' (known: "
                + Registered.ALL.stream().map(MethodSpec::id).toList() + ")"));
    }

    /**
     * The registry, in a holder of its own so that a method class may be loaded before or after
     * it (a method's spec never refers back to the list).
     */
    private static final class Registered {
        static final List<MethodSpec> ALL = List.of(InstDisc.SPEC, InvaSpread.SPEC, Cpc.SPEC, Cmc.SPEC, SimClr.SPEC, SimClr.V2, MoCo.V1,
                MoCo.V2, InfoMin.SPEC, Byol.SPEC, SimSiam.SPEC, BarlowTwins.SPEC, SwAV.SPEC, MoCoV3.SPEC, Dino.SPEC,
                MoBY.SPEC);
    }
}
