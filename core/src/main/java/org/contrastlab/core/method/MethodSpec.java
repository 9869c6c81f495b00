package org.contrastlab.core.method;

import ai.djl.nn.Block;
import java.util.List;
import java.util.function.Supplier;
import org.contrastlab.core.model.DinoHead;
import org.contrastlab.core.model.ProjectionHead;

/**
 * A registered method: its id, a one-line description, its reference (paper and code), how
 * many views of each image it takes, its own settings ({@link ParamSpec}, with their small-preset
 * values), and a factory that wires it around new backbones.
 */
public record MethodSpec(String id, String description, String reference, int minViews, int maxViews,
                         List<ParamSpec> params, Factory factory) {

    /** Builds the method; {@code newBackbone} makes a fresh backbone each call (a teacher needs its own). */
    @FunctionalInterface
    public interface Factory {
        SslMethod create(Supplier<Block> newBackbone, MethodContext context);
    }

    private static final ParamSpec QUEUE = ParamSpec.count("queue_size", 4096, 1, 1 << 20,
            "keys in the queue (MoCo: 65536 on ImageNet, 4096 in the CIFAR demo)");
    private static final ParamSpec MOMENTUM = new ParamSpec("momentum", 0.99, 0, 1,
            "teacher EMA momentum m (MoCo 0.999, CIFAR demo 0.99)");
    private static final ParamSpec SPLIT_BN = ParamSpec.count("split_bn", 8, 1, 1024,
            "batch-norm groups emulating shuffle BN on one device (CIFAR demo: 8)");
    private static final ParamSpec SYMMETRIC = ParamSpec.flag("symmetric", false,
            "both views as query and key, losses summed (CIFAR demo: +2–3 points)");

    private static final List<MethodSpec> ALL = List.of(
            new MethodSpec("instdisc",
                    "every image its own class: a memory bank of features and NCE against random bank rows",
                    "Wu et al. 2018, arXiv:1805.01978; zhirongw/lemniscate.pytorch", 1, 1,
                    List.of(ParamSpec.count("negatives", 4096, 1, 1 << 20, "noise samples K drawn from the bank per image"),
                            new ParamSpec("bank_momentum", 0.5, 0, 1, "bank row ← norm(m·row + (1 − m)·feature)"),
                            ParamSpec.flag("bank_from_encoder", true,
                                    "1: the bank starts from the untrained encoder's features; 0: uniform noise, as the reference")),
                    (nb, c) -> new InstDisc(nb.get(), ProjectionHead.build(c.options().projectionDim()), c)),
            new MethodSpec("invaspread",
                    "in-batch instance discrimination: each view's positive is its twin, the rest of the batch pushed away",
                    "Ye et al. 2019, arXiv:1904.03436; mangye16/Unsupervised_Embedding_Learning", 2, 2,
                    List.of(),
                    (nb, c) -> new InvaSpread(nb.get(), ProjectionHead.build(c.options().projectionDim()), c)),
            new MethodSpec("simclr",
                    "contrast two views of each image against the rest of the batch (NT-Xent); multi-crop: all crops of an image are positives",
                    "Chen et al. 2020, arXiv:2002.05709; google-research/simclr", 2, 10,
                    List.of(ParamSpec.count("head_layers", 2, 1, 4, "linear layers in the projection head (v1: 2, v2: 3)")),
                    (nb, c) -> new SimClr(nb.get(), c.featureDim(), head(c, c.params().count("head_layers")), c.options().temperature())),
            new MethodSpec("simclr-v2",
                    "SimCLR with the v2 projection head of three layers",
                    "Chen et al. 2020, arXiv:2006.10029; google-research/simclr (v2)", 2, 10,
                    List.of(ParamSpec.count("head_layers", 3, 1, 4, "linear layers in the projection head (v2: 3)"),
                            ParamSpec.flag("memory", false,
                                    "1: past keys of a momentum copy of the encoder and head as extra negatives (v2's MoCo memory)"),
                            QUEUE, new ParamSpec("momentum", 0.999, 0, 1, "the memory copy's EMA momentum (v2: 0.999)")),
                    (nb, c) -> new SimClr(nb.get(), c.featureDim(), head(c, c.params().count("head_layers")), c.options().temperature(),
                            c.params().flag("memory") ? new MomentumMemory(nb.get(), head(c, c.params().count("head_layers")),
                                    c.params().count("queue_size"), c.params().get("momentum"), c.totalSteps()) : null)),
            new MethodSpec("moco-v1",
                    "a momentum key encoder and a queue of past keys as negatives (InfoNCE), linear head",
                    "He et al. 2019, arXiv:1911.05722; facebookresearch/moco", 2, 2,
                    List.of(QUEUE, MOMENTUM, SPLIT_BN, SYMMETRIC),
                    (nb, c) -> new MoCo(nb.get(), ProjectionHead.build(c.options().projectionDim()), nb.get(),
                            ProjectionHead.build(c.options().projectionDim()), c)),
            new MethodSpec("moco-v2",
                    "MoCo with an MLP head, blur and a cosine schedule",
                    "Chen et al. 2020, arXiv:2003.04297; facebookresearch/moco", 2, 2,
                    List.of(QUEUE, MOMENTUM, SPLIT_BN, SYMMETRIC),
                    (nb, c) -> new MoCo(nb.get(), head(c, 2), nb.get(), head(c, 2), c)),
            new MethodSpec("byol",
                    "an online network predicts an EMA target's projection of another view; no negatives",
                    "Grill et al. 2020, arXiv:2006.07733; google-deepmind/deepmind-research byol", 2, 10,
                    List.of(new ParamSpec("momentum", 0.99, 0, 1, "target EMA momentum at the start (reference 0.996)"),
                            ParamSpec.flag("cosine_momentum", true, "raise the momentum to 1 on a cosine over the run")),
                    (nb, c) -> new Byol(nb.get(), head(c, 2), head(c, 2), nb.get(), head(c, 2), c)),
            new MethodSpec("simsiam",
                    "a Siamese network with a predictor and a stop-gradient; no negatives, no teacher",
                    "Chen & He 2021, arXiv:2011.10566; facebookresearch/simsiam", 2, 2,
                    List.of(ParamSpec.count("predictor_hidden", 128, 1, 65536, "predictor bottleneck width (reference 512 for 2048)"),
                            ParamSpec.flag("fixed_predictor_lr", true, "the predictor keeps its peak learning rate (--fix-pred-lr)")),
                    (nb, c) -> new SimSiam(nb.get(),
                            ProjectionHead.noBias(true, c.options().headHidden(), c.options().headHidden(), c.options().projectionDim()),
                            ProjectionHead.build(c.params().count("predictor_hidden"), c.options().projectionDim()), c)),
            new MethodSpec("barlow-twins",
                    "the cross-correlation of two views' embeddings pushed to the identity (redundancy reduction)",
                    "Zbontar et al. 2021, arXiv:2103.03230; facebookresearch/barlowtwins", 2, 2,
                    List.of(new ParamSpec("lambda", 0.0051, 0, 1, "weight of the off-diagonal terms")),
                    (nb, c) -> new BarlowTwins(nb.get(),
                            ProjectionHead.noBias(false, c.options().headHidden(), c.options().headHidden(), c.options().projectionDim()), c)),
            new MethodSpec("swav",
                    "online clustering: Sinkhorn codes of the global crops predicted by every other crop (multi-crop)",
                    "Caron et al. 2020, arXiv:2006.09882; facebookresearch/swav", 2, 10,
                    List.of(ParamSpec.count("prototypes", 3000, 2, 65536,
                                    "prototypes K (reference 3000; keep K above the projection width, or the embeddings can hide in the prototypes' null space)"),
                            new ParamSpec("epsilon", 0.05, 1e-4, 10, "Sinkhorn regularisation ε"),
                            ParamSpec.count("sinkhorn_iterations", 3, 1, 100, "Sinkhorn-Knopp iterations"),
                            ParamSpec.count("queue_size", 0, 0, 1 << 20, "past global embeddings kept for the codes (0: none; reference 3840)"),
                            ParamSpec.count("queue_start", 0, 0, Integer.MAX_VALUE, "step from which the queue fills and is used"),
                            ParamSpec.count("freeze_prototypes", 20, 0, Integer.MAX_VALUE, "steps the prototypes stay fixed (reference 313)")),
                    (nb, c) -> new SwAV(nb.get(), head(c, 2), c)),
            new MethodSpec("moco-v3",
                    "MoCo without a queue: a predictor on the query side, in-batch keys from a momentum encoder, symmetric; for ViTs",
                    "Chen, Xie & He 2021, arXiv:2104.02057; facebookresearch/moco-v3", 2, 2,
                    List.of(new ParamSpec("momentum", 0.99, 0, 1, "momentum encoder's EMA momentum at the start, to 1 on a cosine (reference 0.99)"),
                            ParamSpec.flag("frozen_patch_projection", true,
                                    "ViT: keep the patch projection at its random initialisation (against training spikes)"),
                            ParamSpec.flag("sincos_positions", true, "ViT: fixed 2-D sin-cos position embeddings (the reference's)")),
                    (nb, c) -> new MoCoV3(mocoV3Backbone(nb, c), mocoV3Head(c, 3), mocoV3Head(c, 2), mocoV3Backbone(nb, c),
                            mocoV3Head(c, 3), c)),
            new MethodSpec("dino",
                    "self-distillation with no labels: a student matches a centred, sharpened EMA teacher across crops (multi-crop)",
                    "Caron et al. 2021, arXiv:2104.14294; facebookresearch/dino", 2, 12,
                    List.of(ParamSpec.count("bottleneck", 128, 2, 65536, "DINO head bottleneck width (reference 256)"),
                            new ParamSpec("momentum", 0.996, 0, 1, "teacher EMA momentum at the start, to 1 on a cosine (reference 0.996)"),
                            new ParamSpec("teacher_temp", 0.04, 1e-3, 10, "teacher temperature after the warm-up (reference 0.04; 0.07 for long runs)"),
                            new ParamSpec("warmup_teacher_temp", 0.04, 1e-3, 10, "teacher temperature at the start (reference 0.04)"),
                            new ParamSpec("teacher_temp_warmup", 0.3, 0, 1, "share of the run over which the teacher temperature warms up (reference 30 epochs)"),
                            new ParamSpec("student_temp", 0.1, 1e-3, 10, "student temperature (reference 0.1)"),
                            new ParamSpec("center_momentum", 0.9, 0, 1, "momentum of the teacher-output centre (reference 0.9)"),
                            new ParamSpec("freeze_last_layer", 1, 0, 1000, "epochs the head's last layer stays fixed (reference 1)"),
                            ParamSpec.flag("head_bn", false, "batch norm in the head's hidden layers (reference use_bn_in_head: off for ViTs)")),
                    (nb, c) -> new Dino(nb.get(), DinoHead.mlp(c.options().headHidden(), c.params().count("bottleneck"), c.params().flag("head_bn")),
                            DinoHead.lastLayer(c.options().projectionDim()), nb.get(),
                            DinoHead.mlp(c.options().headHidden(), c.params().count("bottleneck"), c.params().flag("head_bn")),
                            DinoHead.lastLayer(c.options().projectionDim()), c)));

    /** MoCo v3's {@code _build_mlp}: bias-free layers with BN and ReLU, the last BN affine-free; the predictor takes the projection width. */
    private static Block mocoV3Head(MethodContext c, int layers) {
        int[] widths = new int[layers];
        java.util.Arrays.fill(widths, c.options().headHidden());
        widths[layers - 1] = c.options().projectionDim();
        return ProjectionHead.noBias(true, widths);
    }

    /** The backbone with MoCo v3's ViT options applied when it is a ViT. */
    private static Block mocoV3Backbone(Supplier<Block> nb, MethodContext c) {
        Block b = nb.get();
        if (b instanceof org.contrastlab.core.model.vit.VisionTransformer vit) {
            vit.mocoV3(c.params().flag("sincos_positions"), c.params().flag("frozen_patch_projection"));
        }
        return b;
    }

    /** The standard MLP head of {@code layers} linear layers: hidden widths, then the projection width. */
    private static Block head(MethodContext c, int layers) {
        int[] widths = new int[layers];
        java.util.Arrays.fill(widths, c.options().headHidden());
        widths[layers - 1] = c.options().projectionDim();
        return ProjectionHead.build(widths);
    }

    public SslMethod create(Supplier<Block> newBackbone, MethodContext context) {
        return factory.create(newBackbone, context);
    }

    /** The setting called {@code name}, or null. */
    public ParamSpec param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
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
