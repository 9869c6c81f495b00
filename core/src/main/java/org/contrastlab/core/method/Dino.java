package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.env.DeviceValue;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;
import org.contrastlab.core.loss.DinoLoss;
import org.contrastlab.core.loss.KoLeoLoss;
import org.contrastlab.core.loss.Unit;
import org.contrastlab.core.model.DinoHead;
import org.contrastlab.core.ssl.Collapse;
import org.contrastlab.core.ssl.MethodState;
import org.contrastlab.core.ssl.MomentumTeacher;
import org.contrastlab.core.ssl.RunningCentre;
import org.contrastlab.core.ssl.SinkhornKnopp;

/**
 * DINO (Caron et al. 2021, "Emerging Properties in Self-Supervised Vision Transformers";
 * facebookresearch/dino {@code main_dino.py}). A student (backbone + DINO head) and a teacher
 * of the same architecture that is its EMA (momentum on a cosine from m₀ to 1); the teacher
 * sees the global crops, the student every crop; the loss is {@link DinoLoss} with the
 * teacher's outputs centred by a running mean (momentum 0.9) and sharpened by a temperature
 * that warms up linearly; the head's last layer is frozen for its first epoch. Works with any
 * backbone; with a ViT it is what makes the CLS attention segment objects. Two options come
 * from DINOv2 (Oquab et al. 2023, facebookresearch/dinov2): {@code sinkhorn} makes the teacher's
 * targets by Sinkhorn-Knopp over the batch instead of the running centre, so that they cannot
 * all become the same uniform distribution, and {@code koleo} adds {@link KoLeoLoss} on the
 * student's global-view features, which spreads them over the batch. One from iBOT (Zhou et al.
 * 2022): {@code patch_loss} adds its masked patch term on a ViT ({@link MaskedPatchTerm}), whose
 * targets, unlike the CLS token's, can be predicted from the student's own view.
 */
public final class Dino implements SslMethod {
    /** DINOv2's Sinkhorn-Knopp iterations for the teacher ({@code sinkhorn_knopp_teacher}, n_iterations=3). */
    private static final int SINKHORN_ITERATIONS = 3;

    /**
     * DINO's registration. Preset: its recipe (main_dino.py): AdamW at 5e-4 × batch/256 (the
     * rule's value at 256, kept at any batch), weight decay 0.04 → 0.4 on a cosine, gradients clipped at 3; the
     * head narrower than the reference's 2048·256·65536. On sample:shapes with a ViT: the
     * {@code dino-shapes} views at 32 px, the network at 64 px, 300 steps of 64, momentum 0.99.
     */
    public static final MethodSpec SPEC = new MethodSpec("dino",
            "self-distillation with no labels: a student matches a centred, sharpened EMA teacher across crops (multi-crop)",
            "Caron et al. 2021, arXiv:2104.14294; facebookresearch/dino", 2, 12,
            List.of(ParamSpec.count("bottleneck", 128, 2, 65536, "DINO head bottleneck width (reference 256)"),
                    new ParamSpec("momentum", 0.996, 0, 1, "teacher EMA momentum at the start, to 1 on a cosine (reference 0.996)"),
                    new ParamSpec("teacher_temp", 0.04, 1e-3, 10,
                            "teacher temperature after the warm-up (reference 0.04; 0.07 for long runs)"),
                    new ParamSpec("warmup_teacher_temp", 0.04, 1e-3, 10, "teacher temperature at the start (reference 0.04)"),
                    new ParamSpec("teacher_temp_warmup", 0.3, 0, 1,
                            "share of the run over which the teacher temperature warms up (reference 30 epochs)"),
                    new ParamSpec("student_temp", 0.1, 1e-3, 10, "student temperature (reference 0.1)"),
                    new ParamSpec("center_momentum", 0.9, 0, 1, "momentum of the teacher-output centre (reference 0.9)"),
                    new ParamSpec("freeze_last_layer", 1, 0, 1000, "epochs the head's last layer stays fixed (reference 1)"),
                    ParamSpec.flag("head_bn", false, "batch norm in the head's hidden layers (reference use_bn_in_head: off for ViTs)"),
                    ParamSpec.flag("sinkhorn", false,
                            "DINOv2's Sinkhorn-Knopp centring of the teacher (3 iterations) in place of the running centre"),
                    new ParamSpec("koleo", 0, 0, 10, "weight of DINOv2's KoLeo term on the student's global-view features (DINOv2 0.1)"),
                    new ParamSpec("cls_loss", 1, 0, 10, "weight of DINO's cross-view term on the CLS token (iBOT lambda1 1)"),
                    new ParamSpec("patch_loss", 0, 0, 10,
                            "ViT: weight of iBOT's masked patch term (iBOT lambda2 1; 0 = DINO alone)"),
                    new ParamSpec("mask_ratio", 0.3, 0, 1, "iBOT: mean share of a masked view's patches hidden, +-0.2 (pred_ratio 0.3)"),
                    new ParamSpec("mask_share", 0.5, 0, 1, "iBOT: share of the global views masked (pred_ratio 0 0.3: half)"),
                    ParamSpec.flag("block_masks", true, "iBOT: hide rectangular blocks of patches (BEiT's; pred_shape block), else "
                            + "patches anywhere (rand)"),
                    new ParamSpec("teacher_patch_temp", 0.07, 1e-3, 10, "iBOT: teacher temperature of the patch term after the warm-up "
                            + "(reference 0.07)"),
                    new ParamSpec("warmup_teacher_patch_temp", 0.04, 1e-3, 10,
                            "iBOT: teacher temperature of the patch term at the start (reference 0.04)")),
            MethodPreset.views("dino-cifar").optimizer("adamw").learningRate(5e-4).weightDecay(0.04, 0.4).gradClip(3.0)
                    .heads(512, 2048).bench(800, 128).onShapes("simclr-shapes", 1000, 64)
                    // with a ViT the hue-over-the-wheel views collapse its CLS; these let its attention find the shapes
                    // (the dino-vit-shapes example: Jaccard 0.61 in 300 steps, docs/benchmarks.md)
                    .shapesWithViT("dino-shapes", 300, 64, 64, Map.of("momentum", 0.99)),
            MethodCheck.onConfig((p, shape, problems) -> {
                if (p.get("cls_loss") == 0 && !MaskedPatchTerm.wanted(p)) {
                    problems.add("--param cls_loss=0 leaves nothing to learn without --param patch_loss");
                }
                if (MaskedPatchTerm.wanted(p) && !shape.vit()) {
                    problems.add("--param patch_loss needs a ViT backbone (iBOT's term is on its patch tokens); " + shape.backbone()
                            + " has none");
                }
            }),
            (nb, c) -> new Dino(nb.get(), DinoHead.mlp(c.options().headHidden(), c.params().count("bottleneck"), c.params()
                    .flag("head_bn")),
                    DinoHead.lastLayer(c.options().projectionDim()), nb.get(),
                    DinoHead.mlp(c.options().headHidden(), c.params().count("bottleneck"), c.params().flag("head_bn")),
                    DinoHead.lastLayer(c.options().projectionDim()), c));

    private final Block backbone;
    private final Block mlp;
    private final Block last;
    private final Block teacherBackbone;
    private final Block teacherMlp;
    private final Block teacherLast;
    private final MethodContext context;
    private final MomentumTeacher ema;
    private final int freezeSteps;
    private final int warmupSteps;
    private final RunningCentre center = new RunningCentre();
    private final DeviceValue collapse = new DeviceValue();
    private final DeviceValue featureCollapse = new DeviceValue();
    private double lastTeacherTemp = Double.NaN;
    private final DeviceValue teacherEntropy = new DeviceValue();
    private final MaskedPatchTerm patches;

    public Dino(Block backbone, Block mlp, Block last, Block teacherBackbone, Block teacherMlp, Block teacherLast, MethodContext context) {
        this.backbone = backbone;
        this.mlp = mlp;
        this.last = last;
        this.teacherBackbone = teacherBackbone;
        this.teacherMlp = teacherMlp;
        this.teacherLast = teacherLast;
        this.context = context;
        MethodParams p = context.params();
        int steps = Math.max(1, context.totalSteps());
        this.ema = MomentumTeacher.of(p.get("momentum"), true, steps);
        int stepsPerEpoch = Math.max(1, context.datasetSize() / Math.max(1, context.batchSize()));
        this.freezeSteps = (int) Math.round(p.get("freeze_last_layer") * stepsPerEpoch);
        this.warmupSteps = (int) Math.round(p.get("teacher_temp_warmup") * steps);
        this.patches = MaskedPatchTerm.wanted(p) ? new MaskedPatchTerm(p, warmupSteps) : null;
        if (context.globalViews() < 1 || context.views() < 2) {
            throw new IllegalArgumentException("DINO needs at least one global view and two views, got " + context.globalViews()
                    + " global of " + context.views());
        }
    }

    @Override
    public void initialize(NDManager manager, int imageSize) {
        Shape image = new Shape(2, 3, imageSize, imageSize);
        Shape feature = new Shape(2, context.featureDim());
        Shape bottleneck = new Shape(2, context.params().count("bottleneck"));
        backbone.initialize(manager, DataType.FLOAT32, image);
        teacherBackbone.initialize(manager, DataType.FLOAT32, image);
        mlp.initialize(manager, DataType.FLOAT32, feature);
        teacherMlp.initialize(manager, DataType.FLOAT32, feature);
        last.initialize(manager, DataType.FLOAT32, bottleneck);
        teacherLast.initialize(manager, DataType.FLOAT32, bottleneck);
        ema.follow(backbone, teacherBackbone).follow(mlp, teacherMlp).follow(last, teacherLast);
        center.initialize(manager, new Shape(1, context.options().projectionDim()));
        if (patches != null) {
            patches.initialize(manager, context.options().projectionDim());
        }
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, mlp, last);
    }

    @Override
    public Map<String, Block> teachers() {
        return Map.of("teacher_backbone", teacherBackbone, "teacher_head", teacherMlp, "teacher_last_layer", teacherLast);
    }

    @Override
    public Set<Block> frozenAt(int step) {
        return step < freezeSteps ? Set.of(last) : Set.of();
    }

    /** The teacher temperature at a step: linear from warmup_teacher_temp to teacher_temp, then constant. */
    double teacherTemperature(int step) {
        return warmedUp(context.params().get("warmup_teacher_temp"), context.params().get("teacher_temp"), step, warmupSteps);
    }

    /** A value linear from {@code start} to {@code end} over {@code warmupSteps}, then {@code end} (the reference's schedules). */
    static double warmedUp(double start, double end, int step, int warmupSteps) {
        return step >= warmupSteps ? end : start + (end - start) * step / warmupSteps;
    }

    @Override
    public NDArray loss(StepInput step) {
        List<NDArray> views = step.views();
        List<NDArray> student;
        List<NDArray> features;
        List<NDArray> teacher;
        NDArray patchLoss = null;
        if (patches == null) {
            Forward.Outputs studentOut = Forward.withFeatures(step.parameters(), views, backbone, mlp, last);
            student = studentOut.outputs();
            features = studentOut.features();
            teacher = Forward.detached(Forward.byResolution(step.parameters(),
                    views.subList(0, context.globalViews()), teacherBackbone, teacherMlp, teacherLast));
        } else {
            MaskedPatchTerm.Outputs global = patches.forward(step, views.subList(0, context.globalViews()),
                    new Block[] {backbone, mlp, last}, new Block[] {teacherBackbone, teacherMlp, teacherLast});
            student = new ArrayList<>(global.student());
            features = new ArrayList<>(global.studentFeatures());
            teacher = global.teacher();
            if (views.size() > context.globalViews()) {
                Forward.Outputs local = Forward.withFeatures(step.parameters(), views.subList(context.globalViews(), views.size()),
                        backbone, mlp, last);
                student.addAll(local.outputs());
                features.addAll(local.features());
            }
            patchLoss = Scalars.mul(global.patchLoss(), (float) context.params().get("patch_loss"));
        }
        lastTeacherTemp = teacherTemperature(step.step());
        NDArray all = teacher.size() == 1 ? teacher.get(0) : NDArrays.concat(new NDList(teacher), 0);
        center.observe(all.mean(new int[] {0}, true));
        NDArray probs;
        NDArray loss;
        if (context.params().flag("sinkhorn")) {
            probs = SinkhornKnopp.codes(all, lastTeacherTemp, SINKHORN_ITERATIONS);
            loss = DinoLoss.fromTargets(student, Forward.split(probs, teacher.size()), (float) context.params().get("student_temp"));
        } else {
            loss = DinoLoss.compute(student, teacher, center.array(), (float) context.params().get("student_temp"),
                    (float) lastTeacherTemp);
            probs = Scalars.div(all.sub(Scopes.view(center.array(), all.getManager())), (float) lastTeacherTemp).softmax(1);
        }
        double clsWeight = context.params().get("cls_loss");
        if (clsWeight != 1) {
            loss = Scalars.mul(loss, (float) clsWeight);
        }
        double koleo = context.params().get("koleo");
        if (koleo > 0) {
            for (NDArray f : features.subList(0, context.globalViews())) {
                loss = loss.add(Scalars.mul(KoLeoLoss.compute(f), (float) koleo));
            }
        }
        teacherEntropy.set(probs.mul(Scalars.add(probs, 1e-12f).log()).sum(new int[] {1}).mean().neg());
        collapse.set(Collapse.onDevice(Unit.rows(student.get(0).stopGradient())));
        featureCollapse.set(Collapse.onDevice(Unit.rows(features.get(0).stopGradient())));
        return patchLoss == null ? loss : loss.add(patchLoss);
    }

    @Override
    public void afterUpdate(StepInput step) {
        ema.update(step.step(), step.scope());
        center.update(step.scope(), (float) context.params().get("center_momentum"));
        if (patches != null) {
            patches.afterUpdate(step.scope());
        }
    }

    @Override
    public StepDetail detail(StepInput step, int images) {
        ParameterStore ps = step.parameters();
        NDArray teacher = StepDetails.inference(ps, StepDetails.first(step.views().get(0), images), teacherBackbone, teacherMlp,
                teacherLast);
        NDArray student = StepDetails.inference(ps, StepDetails.first(step.views().get(1), images), backbone, mlp, last);
        return DinoDetail.of(teacher, student, center.array().toFloatArray(), teacherTemperature(step.step()),
                context.params().get("student_temp"));
    }

    @Override
    public Map<String, Double> monitors() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse", collapse.get());
        // the same measure on the backbone's features (a ViT's CLS): whether the network collapses, not only the head
        out.put("feature_collapse", featureCollapse.get());
        ema.monitor(out);
        out.put("teacher_temp", lastTeacherTemp);
        out.put("teacher_entropy", teacherEntropy.get());
        if (patches != null) {
            // the patch term before its weight, its teacher temperature, and the share of patches hidden this step
            out.put("patch_loss", patches.lastLoss());
            out.put("teacher_patch_temp", patches.lastTemperature());
            out.put("patches_hidden", patches.lastHidden());
        }
        return out;
    }

    @Override
    public MethodState state() {
        MethodState cls = MethodState.array("center", center.array());
        return patches == null ? cls : MethodState.of(cls, MethodState.array("patch_center", patches.center()));
    }

    /** The running centre (for tests). */
    NDArray center() {
        return center.array();
    }
}
