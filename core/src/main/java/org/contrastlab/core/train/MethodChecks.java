package org.contrastlab.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.vit.VisionTransformer;

/**
 * The checks of a configuration that depend on its method and backbone together with the rest:
 * the method's own settings, the number of views it takes, its queue against the keys a step
 * enqueues, and a ViT's patch size against the view sizes. Run by {@link TrainConfig} once its
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
        MethodParams params = MethodParams.resolve(spec, methodParams);
        if (method.equals("swav")) {
            int k = params.count("prototypes");
            TrainConfig.check(problems, k > projectionDim, "--param prototypes=" + k + " must exceed the projection width " + projectionDim
                    + ": with fewer prototypes the embeddings can settle where every score is 0 and stop learning");
        }
        if (problems.isEmpty() && method.matches("moco-v[12]")) {
            int groups = params.count("split_bn");
            TrainConfig.check(problems, batchSize % groups == 0, "--param split_bn=" + groups + " must divide --batch-size " + batchSize);
        }
        if (recipe.viewCount() < spec.minViews() || recipe.viewCount() > spec.maxViews()) {
            problems.add(String.format(Locale.ROOT, "method %s takes %s views of each image; recipe '%s' makes %d",
                    method, spec.minViews() == spec.maxViews() ? String.valueOf(spec.minViews()) : spec.minViews() + " to " + spec.maxViews(),
                    recipe.name(), recipe.viewCount()));
        }
        if (problems.isEmpty()) {
            checkQueue(problems, method, params, recipe, batchSize);
            checkPatches(problems, backbone, recipe);
        }
        return problems;
    }

    /** A queue must hold at least the keys one step enqueues (MoCo: B or 2B; SimCLR v2's memory: B per global view). */
    private static void checkQueue(List<String> problems, String method, MethodParams params, ViewRecipe recipe, int batchSize) {
        int keys;
        if (method.matches("moco-v[12]")) {
            keys = batchSize * (params.flag("symmetric") ? 2 : 1);
        } else if (method.equals("simclr-v2") && params.flag("memory")) {
            keys = batchSize * recipe.globalViewCount();
        } else {
            return;
        }
        int queue = params.count("queue_size");
        TrainConfig.check(problems, queue >= keys, "--param queue_size=" + queue + " must hold the " + keys
                + " keys one step enqueues (batch size × views enqueued)");
    }

    /** A ViT needs global views of whole patches and local views of at least one patch. */
    private static void checkPatches(List<String> problems, String backbone, ViewRecipe recipe) {
        if (!(BackboneSpec.byId(backbone).newBlock() instanceof VisionTransformer vit)) {
            return;
        }
        int patch = vit.size().patch();
        int global = recipe.globalSize();
        TrainConfig.check(problems, global % patch == 0, "--image-size " + global + " is not a multiple of " + backbone + "'s patch size " + patch
                + " (try " + Math.max(patch, global / patch * patch) + ")");
        for (var group : recipe.groups()) {
            TrainConfig.check(problems, group.size() >= patch, "view size " + group.size() + " of recipe '" + recipe.name()
                    + "' is smaller than " + backbone + "'s patch size " + patch);
        }
    }
}
