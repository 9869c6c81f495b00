package org.contrastlab.core.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.train.TrainConfig;

/**
 * A run's configuration as a solo-learn pre-training configuration (vturrisi/solo-learn,
 * {@code scripts/pretrain/*}: a Hydra YAML with {@code method}, {@code backbone},
 * {@code method_kwargs}, {@code momentum}, {@code data}, {@code optimizer}, {@code scheduler} and
 * Lightning's settings, and an {@code augmentations/} file holding one pipeline per group of
 * crops: {@code rrc}, {@code color_jitter}, {@code grayscale}, {@code gaussian_blur},
 * {@code solarization}, {@code equalization}, {@code horizontal_flip}, {@code crop_size},
 * {@code num_crops}). Steps become the same share of the target's epochs. What solo-learn cannot
 * express (a crop's aspect ratio, a blur's σ range, RandAugment, a switch such as BYOL without its
 * predictor, a backbone it does not have) is listed in {@link Export#notCarried}.
 */
public final class SoloLearnExport {
    /** The methods solo-learn has ({@code solo/methods/__init__.py}). */
    public static final List<String> TARGET_METHODS = List.of("all4one", "barlow_twins", "byol", "deepclusterv2", "dino", "mae",
            "mocov2plus", "mocov3", "nnbyol", "nnclr", "nnsiam", "ressl", "simclr", "simsiam", "supcon", "swav", "vibcreg", "vicreg",
            "wmse");
    /** Ours that solo-learn has, by our id. */
    private static final Map<String, String> METHODS = Map.of("simclr", "simclr", "moco-v2", "mocov2plus", "moco-v3", "mocov3",
            "byol", "byol", "simsiam", "simsiam", "barlow-twins", "barlow_twins", "swav", "swav", "dino", "dino");
    /** Our backbones solo-learn has ({@code solo/backbones}), by our id. */
    private static final Map<String, String> BACKBONES = Map.of("resnet18", "resnet18", "resnet18-cifar", "resnet18", "resnet50",
            "resnet50", "vit-tiny", "vit_tiny", "vit-small", "vit_small", "vit-base", "vit_base", "swin-tiny", "swin_tiny");
    /** The datasets solo-learn knows by name; anything else is an image folder ({@code custom}). */
    public static final List<String> DATASETS = List.of("cifar10", "cifar100", "stl10", "imagenet", "imagenet100", "custom");

    /**
     * Where and how the target trains.
     *
     * @param dataset   one of {@link #DATASETS}
     * @param trainPath the training images (an image folder for {@code custom} and ImageNet)
     * @param valPath   the validation images, or null
     * @param backbone  solo-learn's backbone name, or null for the run's own (or its nearest)
     * @param epochs    the target's epochs
     * @param devices   GPUs per node
     * @param nodes     nodes
     * @param imageSize the global crops' size on the target (the local ones in proportion), or null for the run's
     */
    public record Options(String dataset, String trainPath, String valPath, String backbone, int epochs, int devices, int nodes,
                          Integer imageSize) {
    }

    /**
     * What is written: the main configuration, the augmentation pipelines, what did not carry over.
     *
     * @param name       the configuration's name (file names and solo-learn's {@code name})
     * @param notCarried each value of the run the target cannot express, and what was written instead
     */
    public record Export(String name, Map<String, Object> config, List<Map<String, Object>> augmentations, List<String> notCarried) {
    }

    private final TrainConfig run;
    private final Options options;
    private final MethodParams params;
    private final List<String> notCarried = new ArrayList<>();

    private SoloLearnExport(TrainConfig run, Options options) {
        this.run = run;
        this.options = options;
        this.params = run.resolvedParams();
    }

    /** The run's recipe for solo-learn; a method it does not have is refused, naming those it has. */
    public static Export of(TrainConfig run, Options options) {
        String target = METHODS.get(run.method());
        if (target == null) {
            throw new IllegalArgumentException("solo-learn has no " + run.method() + "; of ours it has "
                    + String.join(", ", METHODS.keySet().stream().sorted().toList()) + " (solo-learn's own: "
                    + String.join(", ", TARGET_METHODS) + ")");
        }
        if (!DATASETS.contains(options.dataset())) {
            throw new IllegalArgumentException("--dataset " + options.dataset() + ": solo-learn takes " + String.join(", ", DATASETS));
        }
        return new SoloLearnExport(run, options).export(target);
    }

    private Export export(String target) {
        String name = run.method() + "-" + options.dataset();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("defaults", List.of("_self_", ordered("augmentations", name + ".yaml"), ordered("override hydra/hydra_logging", "disabled"),
                ordered("override hydra/job_logging", "disabled")));
        Map<String, Object> hydra = new LinkedHashMap<>();
        hydra.put("output_subdir", null); // no Hydra output folders, as solo-learn's own scripts
        hydra.put("run", ordered("dir", "."));
        c.put("hydra", hydra);
        c.put("name", name);
        c.put("method", target);
        c.put("backbone", ordered("name", backbone()));
        c.put("method_kwargs", methodKwargs(target));
        Map<String, Object> momentum = momentum(target);
        if (momentum != null) {
            c.put("momentum", momentum);
        }
        c.put("data", data());
        c.put("optimizer", optimizer());
        c.put("scheduler", scheduler());
        c.put("checkpoint", ordered("enabled", true, "dir", "trained_models", "frequency", 1));
        c.put("auto_resume", ordered("enabled", true));
        c.put("max_epochs", options.epochs());
        c.put("devices", devicesList());
        c.put("num_nodes", options.nodes());
        c.put("sync_batchnorm", true);
        c.put("accelerator", "gpu");
        c.put("strategy", "ddp");
        c.put("precision", "16-mixed");
        c.put("seed", run.seed());
        List<Map<String, Object>> views = SoloLearnViews.pipelines(options.imageSize() == null ? run.viewRecipe()
                : run.viewRecipe().resized(options.imageSize()), notCarried);
        switches();
        return new Export(name, c, views, List.copyOf(notCarried));
    }

    private List<Integer> devicesList() {
        List<Integer> d = new ArrayList<>();
        for (int i = 0; i < options.devices(); i++) {
            d.add(i);
        }
        return d;
    }

    private String backbone() {
        if (options.backbone() != null) {
            return options.backbone();
        }
        String mapped = BACKBONES.get(run.backbone());
        if (mapped != null) {
            return mapped;
        }
        String nearest = run.backbone().startsWith("vit-") ? "vit_small" : run.backbone().startsWith("swin-") ? "swin_tiny" : "resnet18";
        notCarried.add("backbone " + run.backbone() + ": solo-learn has no such network; " + nearest + " written (--backbone to choose)");
        return nearest;
    }

    private Map<String, Object> methodKwargs(String target) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("proj_hidden_dim", run.headHidden());
        k.put("proj_output_dim", target.equals("dino") ? params.count("bottleneck") : run.projectionDim());
        switch (target) {
            case "simclr" -> k.put("temperature", (double) run.temperature());
            case "mocov2plus" -> {
                k.put("temperature", (double) run.temperature());
                k.put("queue_size", params.count("queue_size"));
            }
            case "mocov3" -> {
                k.put("temperature", (double) run.temperature());
                k.put("pred_hidden_dim", run.headHidden());
            }
            case "byol" -> k.put("pred_hidden_dim", run.headHidden());
            case "simsiam" -> k.put("pred_hidden_dim", params.count("predictor_hidden"));
            case "barlow_twins" -> {
                k.put("lamb", params.get("lambda"));
                k.put("scale_loss", 1.0); // ours sums the terms unscaled
            }
            case "swav" -> {
                k.put("num_prototypes", params.count("prototypes"));
                k.put("sk_epsilon", params.get("epsilon"));
                k.put("sk_iters", params.count("sinkhorn_iterations"));
                k.put("temperature", (double) run.temperature());
                k.put("queue_size", params.count("queue_size"));
                k.put("epoch_queue_starts", epochsOf(params.count("queue_start")));
                k.put("freeze_prototypes_epochs", epochsOf(params.count("freeze_prototypes")));
            }
            case "dino" -> {
                k.put("num_prototypes", run.projectionDim());
                k.put("norm_last_layer", true);
                k.put("use_bn_in_head", params.flag("head_bn"));
                k.put("clip_grad", run.gradClip());
                k.put("freeze_last_layer", params.count("freeze_last_layer"));
                k.put("student_temperature", params.get("student_temp"));
                k.put("teacher_temperature", params.get("teacher_temp"));
                k.put("warmup_teacher_temperature", params.get("warmup_teacher_temp"));
                k.put("warmup_teacher_temperature_epochs", (int) Math.round(params.get("teacher_temp_warmup") * options.epochs()));
            }
            default -> throw new IllegalStateException(target);
        }
        return k;
    }

    /** The EMA teacher's momentum, for the methods that have one. */
    private Map<String, Object> momentum(String target) {
        return switch (target) {
            case "byol" -> ordered("base_tau", params.get("momentum"),
                    "final_tau", params.flag("cosine_momentum") ? 1.0 : params.get("momentum"));
            case "mocov3", "dino" -> ordered("base_tau", params.get("momentum"), "final_tau", 1.0);
            case "mocov2plus" -> ordered("base_tau", params.get("momentum"), "final_tau", params.get("momentum"));
            default -> null;
        };
    }

    private Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", options.dataset());
        d.put("train_path", options.trainPath() == null ? "./datasets" : options.trainPath());
        d.put("val_path", options.valPath() == null ? "./datasets" : options.valPath());
        d.put("format", "image_folder");
        d.put("num_workers", 8);
        return d;
    }

    private Map<String, Object> optimizer() {
        Map<String, Object> o = new LinkedHashMap<>();
        String kind = run.optimizer();
        o.put("name", kind.equals("nesterov") ? "sgd" : kind);
        o.put("batch_size", run.batchSize());
        // solo-learn multiplies lr by batch_size · devices · nodes / 256: this is the run's peak at its batch, per 256 images
        o.put("lr", round(run.learningRate() * 256.0 / run.batchSize()));
        o.put("classifier_lr", 0.1);
        o.put("weight_decay", run.weightDecay());
        Map<String, Object> kwargs = new LinkedHashMap<>();
        switch (kind) {
            case "sgd" -> kwargs.put("momentum", run.momentum());
            case "nesterov" -> {
                kwargs.put("momentum", run.momentum());
                kwargs.put("nesterov", true);
            }
            case "lars" -> {
                kwargs.put("momentum", run.momentum());
                kwargs.put("eta", 0.001);
                kwargs.put("clip_lr", false);
                kwargs.put("exclude_bias_n_norm", true);
            }
            default -> { }
        }
        if (!kwargs.isEmpty()) {
            o.put("kwargs", kwargs);
        }
        if (run.weightDecayEnd() >= 0) {
            notCarried.add(String.format(Locale.ROOT, "weight decay %s → %s on a cosine: solo-learn's weight decay is constant; %s written",
                    run.weightDecay(), run.weightDecayEnd(), run.weightDecay()));
        }
        if (run.gradClip() > 0 && !run.method().equals("dino")) {
            notCarried.add("gradient clipping at " + run.gradClip() + ": solo-learn clips only DINO's; left out");
        }
        return o;
    }

    private Map<String, Object> scheduler() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", "warmup_cosine");
        s.put("warmup_epochs", run.steps() <= 0 ? 10 : epochsOf(run.warmupSteps()));
        return s;
    }

    /** Steps of the run as the same share of the target's epochs (all of them when the run was shorter). */
    private int epochsOf(int steps) {
        if (run.steps() <= 0) {
            notCarried.add("the run counted epochs, not steps: its step-counted settings are written as solo-learn's defaults");
            return 0;
        }
        return (int) Math.round((double) Math.min(steps, run.steps()) / run.steps() * options.epochs());
    }

    /** The method's settings that solo-learn has no place for. */
    private void switches() {
        Map<String, String> unsupported = Map.of(
                "predictor", "BYOL without its predictor", "stop_gradient", "SimSiam without its stop-gradient",
                "split_bn", "MoCo's split batch norm (solo-learn uses synchronised batch norm across GPUs)",
                "center_momentum", "DINO's centre momentum (solo-learn fixes 0.9)", "sinkhorn", "DINOv2's Sinkhorn teacher",
                "koleo", "DINOv2's KoLeo term", "frozen_patch_projection", "MoCo v3's frozen patch projection",
                "fixed_predictor_lr", "SimSiam's fixed predictor learning rate");
        for (Map.Entry<String, Double> e : run.methodParams().entrySet()) {
            String what = unsupported.get(e.getKey());
            if (what != null) {
                notCarried.add("--param " + e.getKey() + "=" + e.getValue() + ": " + what + " has no setting in solo-learn; left out");
            }
        }
        if (run.method().equals("moco-v2") && !params.flag("symmetric")) {
            notCarried.add("moco-v2 with one query per image: solo-learn's mocov2plus always sums the loss over both views (symmetric)");
        }
    }

    /** A map that keeps the order its keys are given in, as the written file shows them. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
    }
}
