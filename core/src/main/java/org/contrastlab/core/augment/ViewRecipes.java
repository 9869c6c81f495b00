package org.contrastlab.core.augment;

import java.util.List;
import java.util.function.Supplier;

/**
 * The view recipes of the methods in METHODS.md, with the values of their reference code,
 * by name. The {@code -cifar} presets are the 32 px versions the references (or solo-learn's
 * CIFAR scripts, where the reference has none) use: no blur, and 2×32 + 6×18 for multi-crop.
 * Every preset normalises with the training images' own statistics ({@code dataset}), which
 * is what the references do for the dataset they were written for.
 */
public final class ViewRecipes {
    private static final double THIRD = 3.0 / 4;
    private static final double FOUR_THIRDS = 4.0 / 3;

    /** A named preset. */
    public record Preset(String name, String description, Supplier<ViewRecipe> recipe) {
    }

    private static final List<Preset> ALL = List.of(
            new Preset("simclr", "SimCLR: 2×224, crop 0.08–1, jitter (0.8,0.8,0.8,0.2) p=0.8, grey 0.2, blur p=0.5 (google-research/simclr "
                    + "data_util.py)",
                    () -> recipe("simclr", ViewGroup.simclr(224, 1.0, true))),
            new Preset("simclr-cifar", "SimCLR's CIFAR recipe: 2×32, colour strength 0.5, no blur (google-research/simclr)",
                    () -> recipe("simclr-cifar", ViewGroup.simclr(32, 0.5, false))),
            new Preset("simclr-shapes", "SimCLR for the built-in sample:shapes: 2×32, crop 0.5–1, jitter (0.6,0.6,0.6,0.5) p=0.8 (the hue "
                    + "over the whole wheel), grey 0.2, no blur",
                    () -> recipe("simclr-shapes", shapes(32).build())),
            new Preset("instdisc-shapes", "InstDisc for the built-in sample:shapes: one view of 'simclr-shapes' (crop 0.5–1, the hue "
                    + "redrawn), compared with the memory bank's row of the same image",
                    () -> recipe("instdisc-shapes", shapes(32).count(1).build())),
            new Preset("instdisc", "InstDisc: 1×224, crop 0.2–1, grey 0.2, jitter (0.4,0.4,0.4,0.4) always, flip "
                    + "(zhirongw/lemniscate.pytorch main.py)",
                    () -> recipe("instdisc", mocoV1(224).count(1).build())),
            new Preset("cpc", "CPC v2 at 32 px (lightning-bolts' CIFAR-10 CPC transforms): 1×32, flip, a crop of 80–100 % for its "
                    + "4 px translation, jitter (0.4,0.4,0.4,0.2) p=0.8, grey 0.25; the method cuts the view into its patch grid",
                    () -> recipe("cpc", ViewGroup.builder().count(1).size(32).scale(0.8, 1.0).jitter(0.8, 0.4, 0.4, 0.4, 0.2)
                            .grayscaleProbability(0.25).build())),
            new Preset("cmc", "CMC: 1×224, crop 0.2–1, flip, no colour jitter: the views are the image's colour channels, L and ab "
                    + "(HobbitLong/CMC train_CMC.py)",
                    () -> recipe("cmc", ViewGroup.builder().count(1).size(224).scale(0.2, 1.0).build())),
            new Preset("invaspread", "InvaSpread: 2×32, crop 0.2–1, grey 0.2, jitter (0.4,0.4,0.4,0.4) always, flip "
                    + "(mangye16/Unsupervised_Embedding_Learning)",
                    () -> recipe("invaspread", mocoV1(32).build())),
            new Preset("moco-v1", "MoCo v1: 2×224, crop 0.2–1, grey 0.2, jitter (0.4,0.4,0.4,0.4) always, flip (facebookresearch/moco "
                    + "main_moco.py)",
                    () -> recipe("moco-v1", mocoV1(224).build())),
            new Preset("moco-v2", "MoCo v2: 2×224, crop 0.2–1, jitter (0.4,0.4,0.4,0.1) p=0.8, grey 0.2, blur p=0.5 σ 0.1–2 "
                    + "(facebookresearch/moco --aug-plus)",
                    () -> recipe("moco-v2", mocoV2(224, 0.2, 0.5).build())),
            new Preset("moco-v2-cifar", "MoCo's CIFAR demo: 2×32, crop 0.08–1, jitter (0.4,0.4,0.4,0.1) p=0.8, grey 0.2, no blur",
                    () -> recipe("moco-v2-cifar", mocoV2(32, 0.08, 0).build())),
            new Preset("infomin", "InfoMin's views (PyContrast aug 'D' with MoCo's queue): 2×224, crop 0.2–1, jitter (0.8,0.8,0.8,0.2) "
                    + "p=0.8, blur p=0.5, RandAugment (2 ops of 15, magnitude 10 ± 0.5, each p=0.5), grey 0.2 (HobbitLong/PyContrast "
                    + "datasets/util.py)",
                    () -> recipe("infomin", mocoV2(224, 0.2, 0.5).jitter(0.8, 0.8, 0.8, 0.8, 0.2)
                            .randAugment(RandAugment.infoMin()).build())),
            new Preset("infomin-cifar", "InfoMin's views at 32 px: 2×32, crop 0.2–1, jitter (0.8,0.8,0.8,0.2) p=0.8, no blur, "
                    + "RandAugment (2 ops, magnitude 10 ± 0.5, each p=0.5), grey 0.2",
                    () -> recipe("infomin-cifar", mocoV2(32, 0.2, 0).jitter(0.8, 0.8, 0.8, 0.8, 0.2)
                            .randAugment(RandAugment.infoMin()).build())),
            new Preset("infomin-jigsaw", "InfoMin with its jigsaw branch: the 'infomin' views + one 222 px crop (0.6–1, flip, no colour "
                    + "change) cut into 3×3 patches of 56 px (PyContrast datasets/util.py jigsaw_transform: 255 px, 64 px patches; a "
                    + "local view here is at most the global size)",
                    () -> jigsaw("infomin-jigsaw", mocoV2(224, 0.2, 0.5).jitter(0.8, 0.8, 0.8, 0.8, 0.2)
                            .randAugment(RandAugment.infoMin()), 222)),
            new Preset("infomin-jigsaw-cifar", "InfoMin with its jigsaw branch at 32 px: the 'infomin-cifar' views + one 30 px crop "
                    + "(0.6–1, flip, no colour change) cut into 3×3 patches of 8 px",
                    () -> jigsaw("infomin-jigsaw-cifar", mocoV2(32, 0.2, 0).jitter(0.8, 0.8, 0.8, 0.8, 0.2)
                            .randAugment(RandAugment.infoMin()), 30)),
            new Preset("infomin-jigsaw-shapes", "InfoMin with its jigsaw branch for the built-in sample:shapes: the 'simclr-shapes' "
                    + "pair (the hue redrawn, so that the shape is what they share) + one 30 px crop (0.6–1, flip) cut into 3×3 patches",
                    () -> jigsaw("infomin-jigsaw-shapes", shapes(32), 30)),
            new Preset("simsiam", "SimSiam: the MoCo v2 views, 2×224 (facebookresearch/simsiam main_simsiam.py)",
                    () -> recipe("simsiam", mocoV2(224, 0.2, 0.5).build())),
            new Preset("byol", "BYOL: 224 bicubic, crop 0.08–1, jitter (0.4,0.4,0.2,0.1) p=0.8, grey 0.2; view 1 blur 1.0; view 2 blur 0.1 "
                    + "+ solarize 0.2 (BYOL paper, table 6)",
                    () -> asymmetric("byol", byol(224, Interpolation.BICUBIC), 1.0, 0.1)),
            new Preset("byol-cifar", "BYOL at 32 px (solo-learn CIFAR scripts): no blur; view 2 solarize 0.2",
                    () -> asymmetric("byol-cifar", byol(32, Interpolation.BILINEAR), 0, 0)),
            new Preset("moco-v3", "MoCo v3: the BYOL views, bilinear, crop 0.08–1 (facebookresearch/moco-v3 main_moco.py)",
                    () -> asymmetric("moco-v3", byol(224, Interpolation.BILINEAR), 1.0, 0.1)),
            new Preset("barlow-twins", "Barlow Twins: the BYOL views, bicubic (facebookresearch/barlowtwins main.py)",
                    () -> asymmetric("barlow-twins", byol(224, Interpolation.BICUBIC), 1.0, 0.1)),
            new Preset("swav", "SwAV multi-crop: 2×224 (crop 0.14–1) + 6×96 (crop 0.05–0.14), jitter s=1 p=0.8, grey 0.2, blur p=0.5 "
                    + "(facebookresearch/swav main_swav.py)",
                    () -> multiCrop("swav", swav(224, 0.14, 1.0, 0.5), 2, swav(96, 0.05, 0.14, 0.5), 6)),
            new Preset("swav-cifar", "SwAV multi-crop at 32 px: 2×32 (crop 0.14–1) + 6×18 (crop 0.05–0.14), no blur",
                    () -> multiCrop("swav-cifar", swav(32, 0.14, 1.0, 0), 2, swav(18, 0.05, 0.14, 0), 6)),
            new Preset("dino", "DINO: 2×224 bicubic (crop 0.4–1; view 1 blur 1.0; view 2 blur 0.1 + solarize 0.2) + 8×96 (crop 0.05–0.4, "
                    + "blur 0.5) (facebookresearch/dino main_dino.py)",
                    () -> dino("dino", 224, 96, 8, Interpolation.BICUBIC, 1.0, 0.1, 0.5)),
            new Preset("dino-cifar", "DINO at 32 px (solo-learn CIFAR scripts): 2×32 + 6×18, no blur, view 2 solarize 0.2",
                    () -> dino("dino-cifar", 32, 18, 6, Interpolation.BILINEAR, 0, 0, 0)),
            new Preset("dino-shapes", "DINO for the built-in sample:shapes: 2×32 + 6×16 (crops 0.4–1 and 0.1–0.4), jitter "
                    + "(0.6,0.6,0.6,0.2) p=0.8, grey 0.2, view 2 solarize 0.2"
                    + "; a ViT trained on it segments the shapes (docs/benchmarks.md)",
                    ViewRecipes::dinoShapes));

    private ViewRecipes() {
    }

    public static List<Preset> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }

    public static ViewRecipe byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> p.recipe().get())
                .orElseThrow(() -> new IllegalArgumentException("unknown recipe '" + name + "' (presets: " + names() + ")"));
    }

    private static ViewRecipe recipe(String name, ViewGroup group) {
        return ViewRecipe.of(name, description(name), group);
    }

    private static String description(String name) {
        return ALL == null ? "" : ALL.stream().filter(p -> p.name().equals(name)).map(Preset::description).findFirst().orElse("");
    }

    /**
     * Views for {@code sample:shapes}, whose shapes fill a third to two thirds of the image: crops
     * of at least half the image keep most of the shape in both views, and a hue jitter of ±0.5
     * redraws the shape's colour in every view, so that the shape is what the two views share
     * (docs/benchmarks.md, "The built-in data": after 200 steps of 256, kNN 0.30 with SimCLR's
     * CIFAR views, crop 0.08–1, and 0.53 with crop 0.3–1 and this jitter).
     */
    private static ViewGroup.Builder shapes(int size) {
        return ViewGroup.builder().count(2).size(size).scale(0.5, 1.0).ratio(THIRD, FOUR_THIRDS)
                .jitter(0.8, 0.6, 0.6, 0.6, 0.5).grayscaleProbability(0.2);
    }

    private static ViewGroup.Builder mocoV1(int size) {
        return ViewGroup.builder().count(2).size(size).scale(0.2, 1.0).ratio(THIRD, FOUR_THIRDS)
                .jitter(1.0, 0.4, 0.4, 0.4, 0.4).grayscaleProbability(0.2);
    }

    private static ViewGroup.Builder mocoV2(int size, double scaleMin, double blur) {
        return ViewGroup.builder().count(2).size(size).scale(scaleMin, 1.0)
                .jitter(0.8, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.2).blur(blur, 0.1, 2.0);
    }

    private static ViewGroup.Builder byol(int size, Interpolation interpolation) {
        return ViewGroup.builder().size(size).scale(0.08, 1.0).interpolation(interpolation)
                .jitter(0.8, 0.4, 0.4, 0.2, 0.1).grayscaleProbability(0.2);
    }

    private static ViewGroup.Builder swav(int size, double scaleMin, double scaleMax, double blur) {
        return ViewGroup.builder().size(size).scale(scaleMin, scaleMax)
                .jitter(0.8, 0.8, 0.8, 0.8, 0.2).grayscaleProbability(0.2).blur(blur, 0.1, 2.0);
    }

    /** View 1 with blur p = blur1; view 2 with blur p = blur2 and solarize p = 0.2 (threshold 0.5). */
    private static ViewRecipe asymmetric(String name, ViewGroup.Builder base, double blur1, double blur2) {
        ViewGroup one = base.count(1).blur(blur1, 0.1, 2.0).solarize(0, 0.5).build();
        ViewGroup two = base.count(1).blur(blur2, 0.1, 2.0).solarize(0.2, 0.5).build();
        return new ViewRecipe(name, description(name), "dataset", List.of(one, two));
    }

    /**
     * Two views of {@code views} and the jigsaw branch's source: one crop of 0.6–1 of the image,
     * flipped, with no colour change (PyContrast's jigsaw transform), {@code size} px, which the
     * method cuts into 3 × 3 patches ({@link JigsawCrop}); only the query side sees it, so it is
     * a local view.
     */
    private static ViewRecipe jigsaw(String name, ViewGroup.Builder views, int size) {
        return new ViewRecipe(name, description(name), "dataset", List.of(views.count(2).build(),
                ViewGroup.builder().role(ViewRole.LOCAL).count(1).size(size).scale(0.6, 1.0).build()));
    }

    private static ViewRecipe multiCrop(String name, ViewGroup.Builder global, int globals, ViewGroup.Builder local, int locals) {
        return new ViewRecipe(name, description(name), "dataset", List.of(
                global.count(globals).build(), local.role(ViewRole.LOCAL).count(locals).build()));
    }

    /**
     * DINO's views with the shapes' stronger jitter but the hue only a fifth of the wheel: with
     * the whole wheel (SimCLR's simclr-shapes) DINO's outputs collapsed to uniform on every try
     * (loss at log K by step 100; docs/benchmarks.md).
     */
    private static ViewRecipe dinoShapes() {
        ViewGroup.Builder base = shapes(32).count(1).scale(0.4, 1.0).jitter(0.8, 0.6, 0.6, 0.6, 0.2);
        ViewGroup one = base.build();
        ViewGroup two = base.solarize(0.2, 0.5).build();
        ViewGroup small = shapes(16).role(ViewRole.LOCAL).count(6).scale(0.1, 0.4).jitter(0.8, 0.6, 0.6, 0.6, 0.2).build();
        return new ViewRecipe("dino-shapes", description("dino-shapes"), "dataset", List.of(one, two, small));
    }

    private static ViewRecipe dino(String name, int global, int local, int locals, Interpolation interpolation,
                                   double blur1, double blur2, double localBlur) {
        ViewGroup.Builder base = byol(global, interpolation).scale(0.4, 1.0);
        ViewGroup one = base.count(1).blur(blur1, 0.1, 2.0).build();
        ViewGroup two = base.count(1).blur(blur2, 0.1, 2.0).solarize(0.2, 0.5).build();
        ViewGroup small = byol(local, interpolation).role(ViewRole.LOCAL).count(locals).scale(0.05, 0.4)
                .blur(localBlur, 0.1, 2.0).build();
        return new ViewRecipe(name, description(name), "dataset", List.of(one, two, small));
    }
}
