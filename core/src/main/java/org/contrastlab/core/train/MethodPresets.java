package org.contrastlab.core.train;

import java.util.Map;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.method.MethodPreset;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;

/**
 * Each method's small preset: what {@code contrastlab train --method M} starts from before its
 * options apply. All share {@link TrainConfig#small}'s budget and machine-sized choices
 * (convnet-small, batch 256, 32 px, SGD with momentum 0.9 and a cosine schedule); each method's
 * {@link MethodPreset} (declared with the method, on its {@link MethodSpec}) says where it
 * differs: the views of its reference at 32 px, its reference temperature and head, and its
 * learning rate (lightly's CIFAR-10 benchmark, SGD at 0.06 × batch/256 with weight decay 5e-4,
 * unless the method's own documentation says otherwise).
 */
public final class MethodPresets {
    /** The built-in data set, which has its own recipes and budgets. */
    public static final String SHAPES = "sample:shapes";

    private MethodPresets() {
    }

    /**
     * Each method's budget on the CIFAR subset in {@code bench methods} (issue 21: every method
     * ≥ 3 points above its random start, the whole table within 90 minutes on a 2-core CPU).
     */
    public static MethodPreset.Budget benchBudget(String method) {
        return MethodSpec.byId(method).preset().bench();
    }

    /** A method's {@code bench methods} budget on {@code data}: on sample:shapes its own shapes budget where it has one. */
    public static MethodPreset.Budget benchBudget(String method, String data) {
        MethodPreset p = MethodSpec.byId(method).preset();
        MethodPreset.OnShapes shapes = onShapes(p, data);
        return shapes != null ? shapes.budget() : p.bench();
    }

    /** The method's own preset for {@code data} where it is the built-in data set and the method declares one; else null. */
    private static MethodPreset.OnShapes onShapes(MethodPreset p, String data) {
        return SHAPES.equals(data) ? p.shapes() : null;
    }

    /** As {@link #onShapes(MethodPreset, String)}, its ViT variant where {@code backbone} is a Vision Transformer and it has one. */
    private static MethodPreset.OnShapes onShapes(MethodPreset p, String data, String backbone) {
        MethodPreset.OnShapes shapes = onShapes(p, data);
        boolean vit = backbone != null && BackboneSpec.all().stream().anyMatch(s -> s.id().equals(backbone) && s.isVit());
        return shapes != null && vit && shapes.vit() != null ? shapes.vit() : shapes;
    }

    /** The small preset of {@code method} on {@code data}; an unknown method is refused, naming the known ones. */
    public static TrainConfig small(String method, String data) {
        return small(method, data, null);
    }

    /**
     * The small preset of {@code method} on {@code data} with {@code backbone} (null: the
     * method's own or the shared one): on {@code sample:shapes} a method may take other views
     * and settings with a Vision Transformer (DINO).
     */
    public static TrainConfig small(String method, String data, String backbone) {
        TrainConfig base = TrainConfig.small(data);
        TrainConfigBuilder b = base.toBuilder().method(method);
        MethodSpec spec = MethodSpec.find(method).orElse(null);
        if (spec == null) {
            return b.build(); // refuses the unknown method, naming the known ones
        }
        MethodPreset p = spec.preset();
        MethodPreset.OnShapes shapes = onShapes(p, data, backbone);
        if (shapes != null) {
            b.views(ViewRecipes.byName(shapes.views())).batchSize(shapes.budget().batchSize()).steps(shapes.budget().steps());
            if (shapes.imageSize() != null) {
                b.imageSize(shapes.imageSize());
            }
        } else if (p.views() != null) {
            ViewRecipe r = ViewRecipes.byName(p.views());
            b.views(r.globalSize() == base.imageSize() ? r : r.resized(base.imageSize()));
        }
        if (backbone != null) {
            b.backbone(backbone);
        } else if (p.backbone() != null) {
            b.backbone(p.backbone());
        }
        if (p.optimizer() != null) {
            b.optimizer(p.optimizer());
        }
        Double rate = shapes != null && shapes.learningRate() != null ? shapes.learningRate() : p.learningRate();
        if (rate != null) {
            b.learningRate(rate);
        }
        if (p.weightDecay() != null) {
            b.weightDecay(p.weightDecay());
        }
        if (p.weightDecayEnd() != null) {
            b.weightDecayEnd(p.weightDecayEnd());
        }
        if (p.gradClip() != null) {
            b.gradClip(p.gradClip());
        }
        if (p.temperature() != null) {
            b.temperature(p.temperature());
        }
        if (p.headHidden() != null) {
            b.headHidden(p.headHidden());
        }
        if (p.projectionDim() != null) {
            b.projectionDim(p.projectionDim());
        }
        return b.methodParams(shapes != null ? shapes.params() : Map.of()).build();
    }
}
