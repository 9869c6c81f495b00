package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.loss.MaskedPatchLoss;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.ssl.RunningCentre;

/**
 * iBOT's masked image modelling term (Zhou et al. 2022, arXiv:2111.07832; bytedance/ibot
 * {@code main_ibot.py}), as an option of {@link Dino}: the student sees each global view with
 * some of its patches hidden, the teacher the whole view, and the student's patch tokens learn
 * the teacher's at the hidden positions ({@link MaskedPatchLoss}), through the same head as the
 * CLS token (iBOT's {@code shared_head}), with a centre of their own (momentum as the CLS
 * centre's) and a teacher temperature warming from {@code warmup_teacher_patch_temp} to
 * {@code teacher_patch_temp} over the CLS term's warm-up. Masks as iBOT's with {@code pred_ratio
 * 0 0.3, pred_ratio_var 0 0.2}: a share of the global views (half) is masked, each hiding up to
 * r·N of its N patches, r uniform in ratio ± 0.2, in blocks or anywhere ({@link PatchMasks}). One
 * difference: a hidden patch is set to zero in the normalised image (the data set's mean
 * colour), where iBOT swaps its embedding for a learned mask token; the ViT thus needs no
 * parameter of its own for it, and its checkpoints stay those of a plain ViT.
 */
final class MaskedPatchTerm {
    /** iBOT's {@code pred_ratio_var} beside its {@code pred_ratio} of 0.3 (README, ViT-S/16 and ViT-B/16). */
    private static final double RATIO_SPREAD = 0.2;

    /** What the global views gave: the student's CLS features and outputs, the teacher's CLS outputs, the patch loss. */
    record Outputs(List<NDArray> studentFeatures, List<NDArray> student, List<NDArray> teacher, NDArray patchLoss) {
    }

    private final MethodParams params;
    private final int warmupSteps;
    private final RunningCentre center = new RunningCentre();
    private double lastTemp = Double.NaN;
    private final DeviceValue loss = new DeviceValue();
    private final DeviceValue hidden = new DeviceValue();

    MaskedPatchTerm(MethodParams params, int warmupSteps) {
        this.params = params;
        this.warmupSteps = warmupSteps;
    }

    /** Whether a configuration asks for the term. */
    static boolean wanted(MethodParams params) {
        return params.get("patch_loss") > 0;
    }

    void initialize(NDManager manager, int outputs) {
        center.initialize(manager, new Shape(1, 1, outputs));
    }

    /** The teacher's patch temperature at a step: linear over the warm-up, then constant (iBOT's {@code teacher_temp2_schedule}). */
    double teacherTemperature(int step) {
        return Dino.warmedUp(params.get("warmup_teacher_patch_temp"), params.get("teacher_patch_temp"), step, warmupSteps);
    }

    /**
     * The global views (of one size, the first {@code globals.size()} views) through the student
     * with patches hidden and through the teacher whole; each network's CLS token and patch
     * tokens go through its head together.
     */
    Outputs forward(StepInput step, List<NDArray> globals, Block[] studentNet, Block[] teacherNet) {
        ParameterStore ps = step.parameters();
        NDArray images = globals.size() == 1 ? globals.get(0) : NDArrays.concat(new NDList(globals), 0);
        VisionTransformer vit = (VisionTransformer) studentNet[0];
        int[] grid = vit.grid(images.getShape().get(2), images.getShape().get(3));
        NDArray masks = draw(step.scope(), images.getShape().get(0), grid[0], grid[1]);
        hidden.set(masks.mean());
        Heads s = heads(ps, hide(images, masks, grid, vit.size().patch()), vit, studentNet[1], studentNet[2]);
        Heads t = heads(ps, images, (VisionTransformer) teacherNet[0], teacherNet[1], teacherNet[2]);
        NDArray teacherPatches = t.patches().stopGradient();
        center.observe(teacherPatches.mean(new int[] {1}, true).mean(new int[] {0}, true));
        lastTemp = teacherTemperature(step.step());
        int g = globals.size();
        NDArray patchLoss = MaskedPatchLoss.compute(Forward.split(s.patches(), g), Forward.split(teacherPatches, g), center.array(),
                Forward.split(masks, g), (float) params.get("student_temp"), (float) lastTemp);
        loss.set(patchLoss.stopGradient());
        return new Outputs(Forward.split(s.features(), g), Forward.split(s.cls(), g), Forward.split(t.cls().stopGradient(), g),
                patchLoss);
    }

    private record Heads(NDArray features, NDArray cls, NDArray patches) {
    }

    /** A ViT's tokens: the CLS token's features, and the CLS and patch tokens through the head ((B, K) and (B, N, K)). */
    private static Heads heads(ParameterStore ps, NDArray images, VisionTransformer vit, Block mlp, Block last) {
        NDArray tokens = Forward.vitTokens(ps, images, vit);
        long b = tokens.getShape().get(0);
        long d = tokens.getShape().get(2);
        NDArray cls = tokens.get(":, 0, :");
        NDArray patches = tokens.get(new NDIndex(":, {}:, :", vit.prefixTokens()));
        long n = patches.getShape().get(1);
        NDArray out = Forward.through(ps, NDArrays.concat(new NDList(cls, patches.reshape(b * n, d)), 0), mlp, last);
        long k = out.getShape().get(1);
        return new Heads(cls, out.get("0:" + b), out.get(b + ":").reshape(b, n, k));
    }

    /**
     * Masks (B, rows·cols), 1 where a patch is hidden: each row is masked with probability
     * {@code mask_share}, and a masked row hides up to r·N of its N patches, r uniform in
     * {@code mask_ratio} ± 0.2 (narrowed to stay within [0, 1]): in blocks ({@code block_masks},
     * iBOT's default), or ⌊r·N⌋ patches anywhere.
     */
    NDArray draw(NDManager scope, long batch, int rows, int cols) {
        double ratio = params.get("mask_ratio");
        double spread = Math.min(RATIO_SPREAD, Math.min(ratio, 1 - ratio));
        int patches = rows * cols;
        NDArray chosen = Scalars.lt(scope.randomUniform(0f, 1f, new Shape(batch, 1)), params.get("mask_share")).toType(DataType.FLOAT32,
                false);
        NDArray r = scope.randomUniform((float) (ratio - spread), (float) (ratio + spread), new Shape(batch, 1));
        NDArray target = Scalars.mul(r, patches).mul(chosen);
        return params.flag("block_masks") ? PatchMasks.blocks(scope, target, rows, cols) : PatchMasks.random(scope, target, patches);
    }

    /** The images with their hidden patches set to zero (the normalised data's mean colour). */
    static NDArray hide(NDArray images, NDArray masks, int[] grid, int patch) {
        long b = images.getShape().get(0);
        NDArray cells = masks.reshape(b, 1, grid[0], 1, grid[1], 1).broadcast(new Shape(b, 1, grid[0], patch, grid[1], patch))
                .reshape(b, 1, (long) grid[0] * patch, (long) grid[1] * patch);
        NDArray keep = Scalars.mul(Scalars.sub(cells, 1), -1);
        long h = images.getShape().get(2);
        long w = images.getShape().get(3);
        if (h == keep.getShape().get(2) && w == keep.getShape().get(3)) {
            return images.mul(keep);
        }
        // rows and columns past the last whole patch are never seen by the ViT: keep them
        NDArray full = images.getManager().ones(new Shape(b, 1, h, w));
        full.set(new NDIndex(":, :, :{}, :{}", keep.getShape().get(2), keep.getShape().get(3)), keep);
        return images.mul(full);
    }

    /** The centre moves towards the step's mean teacher patch output, as DINO's CLS centre does. */
    void afterUpdate(NDManager scope) {
        center.update(scope, (float) params.get("center_momentum"));
    }

    NDArray center() {
        return center.array();
    }

    double lastTemperature() {
        return lastTemp;
    }

    double lastLoss() {
        return loss.get();
    }

    double lastHidden() {
        return hidden.get();
    }
}
