package org.contrastlab.core.train;

import java.util.Map;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;

/**
 * Each method's small preset: what {@code contrastlab train --method M} starts from before its
 * options apply. All share {@link TrainConfig#small}'s budget and machine-sized choices
 * (convnet-small, batch 256, 32 px, SGD with momentum 0.9 and a cosine schedule); each takes
 * the views of its reference at 32 px and its reference temperature and head. Learning rates
 * follow lightly's CIFAR-10 benchmark (SGD, 0.06 × batch/256, weight decay 5e-4 for every
 * method), except SimCLR's (0.3, see TrainConfig.small), BYOL's and SimSiam's: 0.3, with
 * which they reached kNN 0.347 and 0.333 in the 200-step budget on ../shared/data/cifar10
 * where 0.06 reached 0.327 and 0.315 (random initialisation: 0.325). InstDisc and InvaSpread
 * take their references' 0.03.
 */
public final class MethodPresets {
    /** The built-in data set, which has its own SimCLR recipe and budget. */
    public static final String SHAPES = "sample:shapes";
    /**
     * SimCLR's budget on {@link #SHAPES}: 1,000 steps of 64 images (3 to 5 minutes on a 2-core
     * CPU, as busy as the machine is). On such a CPU a 64-image step costs about a quarter of a 256-image one (the
     * convolutions' working set fits the caches), and in the same time more, smaller steps learn
     * more: kNN 0.787 after 1,000 × 64 in 159 s, 0.711 after 300 × 128 in 260 s, 0.488 after
     * 100 × 256 in 292 s (docs/benchmarks.md, "The built-in data").
     */
    static final int SHAPES_STEPS = 1000;
    static final int SHAPES_BATCH = 64;

    private MethodPresets() {
    }

    /** Steps and batch size of a method's row in {@code bench methods}. */
    public record Budget(int steps, int batchSize) {
    }

    /**
     * Each method's budget on the CIFAR subset in {@code bench methods} (issue 21: every method
     * ≥ 3 points above its random start, the whole table within 90 minutes on a 2-core CPU).
     * 200 steps of 256 by default; the slow starters get more, smaller steps, which learned more
     * in the same or less time on this CPU (docs/benchmarks.md, "Per-method budgets"): SimSiam
     * 0.3806 after 800 × 128 where 200 × 256 gave 0.3326, Barlow Twins 0.3620 after 800 × 128
     * (0.3486 after 400), InstDisc 0.3721 after 600 × 128 (0.3539 after 400); random
     * initialisation 0.3250.
     */
    public static Budget benchBudget(String method) {
        return switch (method) {
            case "simsiam", "barlow-twins", "byol" -> new Budget(800, 128);
            case "instdisc" -> new Budget(600, 128);
            default -> new Budget(200, 256);
        };
    }

    public static TrainConfig small(String method, String data) {
        TrainConfig base = TrainConfig.small(data);
        TrainConfigBuilder b = base.toBuilder().method(method);
        int size = base.imageSize();
        switch (method) {
            case "simclr", "simclr-v2" -> {
                if (SHAPES.equals(data)) {
                    b.views(ViewRecipes.byName("simclr-shapes")).batchSize(SHAPES_BATCH).steps(SHAPES_STEPS);
                }
                return b.build();
            }
            case "instdisc" -> b.views(cifar("instdisc", size)).temperature(0.1f).learningRate(0.03);
            case "invaspread" -> b.views(cifar("invaspread", size)).temperature(0.1f).learningRate(0.03);
            case "moco-v1" -> b.views(cifar("moco-v1", size)).temperature(0.07f).learningRate(0.06);
            case "moco-v2" -> b.views(cifar("moco-v2-cifar", size)).temperature(0.1f).learningRate(0.06);
            case "byol" -> b.views(cifar("byol-cifar", size)).learningRate(0.3);
            case "simsiam" -> b.views(cifar("moco-v2-cifar", size)).learningRate(0.3).projectionDim(512);
            case "barlow-twins" -> b.views(cifar("byol-cifar", size)).optimizer("lars").learningRate(0.3).projectionDim(512);
            case "swav" -> b.views(cifar("swav-cifar", size)).temperature(0.1f).learningRate(0.06);
            // MoCo v3's ViT recipe (main_moco.py): AdamW at 1.5e-4 × batch/256, weight decay 0.1, τ 0.2;
            // heads narrower than the reference's 4096-wide ones
            case "moco-v3" -> b.views(cifar("moco-v3", size)).optimizer("adamw").learningRate(1.5e-4 * base.batchSize() / 256)
                    .weightDecay(0.1).temperature(0.2f).headHidden(1024).projectionDim(256);
            // DINO's recipe (main_dino.py): AdamW at 5e-4 × batch/256, weight decay 0.04 → 0.4 on a
            // cosine, gradients clipped at 3; the head narrower than the reference's 2048·256·65536
            case "dino" -> b.views(cifar("dino-cifar", size)).optimizer("adamw").learningRate(5e-4 * base.batchSize() / 256)
                    .weightDecay(0.04).weightDecayEnd(0.4).gradClip(3.0).headHidden(512).projectionDim(2048);
            default -> {
                return b.build(); // refuses the unknown method, naming the known ones
            }
        }
        return b.methodParams(Map.of()).build();
    }

    private static ViewRecipe cifar(String preset, int size) {
        ViewRecipe r = ViewRecipes.byName(preset);
        return r.globalSize() == size ? r : r.resized(size);
    }
}
