package org.contrastlab.core.train;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.method.MethodCheck;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.vit.VisionTransformer;

/**
 * The checks of a configuration that depend on its method and backbone together with the rest:
 * the method's own settings, the number of views it takes, the method's own checks
 * ({@link MethodCheck}, declared with the method), and a ViT's patch size against the view sizes. Run by {@link TrainConfig} once its
 * plain range checks pass, so that the method and backbone named are known to exist.
 */
final class MethodChecks {
    private MethodChecks() {
    }

    /** Every problem found, in the order a user should fix them; empty when the combination is sound. */
    static List<String> problems(String method, String backbone, Map<String, Double> methodParams, ViewRecipe recipe,
                                 int batchSize, int projectionDim) {
        MethodSpec spec = MethodSpec.byId(method);
        List<String> problems = new ArrayList<>(MethodParams.problems(spec, methodParams));
        if (!problems.isEmpty()) {
            return problems;
        }
        if (recipe.viewCount() < spec.minViews() || recipe.viewCount() > spec.maxViews()) {
            problems.add(String.format(Locale.ROOT, "method %s takes %s views of each image; recipe '%s' makes %d",
                    method, spec.minViews() == spec.maxViews() ? String.valueOf(spec.minViews()) : spec.minViews() + " to "
                            + spec.maxViews(),
                    recipe.name(), recipe.viewCount()));
        }
        Block block = BackboneSpec.byId(backbone).newBlock();
        List<Integer> sizes = new ArrayList<>();
        recipe.groups().forEach(g -> sizes.addAll(Collections.nCopies(g.count(), g.size())));
        spec.check().config(MethodParams.resolve(spec, methodParams),
                new MethodCheck.Shape(batchSize, projectionDim, recipe.globalViewCount(), backbone, block instanceof VisionTransformer,
                        sizes), problems);
        if (problems.isEmpty() && block instanceof VisionTransformer vit) {
            checkPatches(problems, backbone, vit, recipe);
        }
        return problems;
    }

    /** A ViT needs global views of whole patches and local views of at least one patch. */
    private static void checkPatches(List<String> problems, String backbone, VisionTransformer vit, ViewRecipe recipe) {
        int patch = vit.size().patch();
        int global = recipe.globalSize();
        TrainConfig.check(problems, global % patch == 0, "--image-size " + global + " is not a multiple of " + backbone + "'s patch size "
                + patch
                + " (try " + Math.max(patch, global / patch * patch) + ")");
        for (var group : recipe.groups()) {
            TrainConfig.check(problems, group.size() >= patch, "view size " + group.size() + " of recipe '" + recipe.name()
                    + "' is smaller than " + backbone + "'s patch size " + patch);
        }
    }
}
