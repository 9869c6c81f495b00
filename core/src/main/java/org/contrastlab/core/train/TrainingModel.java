package org.contrastlab.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.method.MethodContext;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.SslMethod;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.TorchvisionResNet;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.weights.WeightsFile;

/**
 * The networks of a run built from its configuration, initialised on a manager; names them
 * for checkpoints ("backbone", then "net1", "net2", … for the method's other trained blocks,
 * then the method's teachers under their own names).
 */
public record TrainingModel(SslMethod method, Map<String, Block> networks) {

    /**
     * @param trainSize the training split's size (memory banks); the run's length in steps follows from it
     * @param input     how the views are standardised (an encoder that works in another colour space undoes it)
     */
    public static TrainingModel create(TrainConfig config, NDManager manager, int trainSize, Normalization input) {
        BackboneSpec spec = BackboneSpec.byId(config.backbone());
        MethodSpec methodSpec = MethodSpec.byId(config.method());
        MethodParams params = config.resolvedParams();
        ViewRecipe recipe = config.viewRecipe();
        MethodContext context = new MethodContext(methodSpec.encoder().featureDim(spec.featureDim(), params), recipe.viewCount(),
                recipe.globalViewCount(), trainSize, config.totalSteps(trainSize), config.batchSize(), config.methodOptions(), params);
        SslMethod method;
        try {
            method = methodSpec.create(() -> methodSpec.encoder().build(spec::newBlock, params, input), context);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(e.getMessage()));
        }
        method.initialize(manager, config.imageSize());
        Map<String, Block> networks = new LinkedHashMap<>();
        networks.put("backbone", method.backbone());
        List<Block> blocks = method.trainableBlocks();
        int k = 1;
        for (Block b : blocks) {
            if (b != method.backbone()) {
                networks.put("net" + k++, b);
            }
        }
        networks.putAll(new TreeMap<>(method.teachers()));
        return new TrainingModel(method, networks);
    }

    /** A trained backbone read from a run's latest checkpoint, with the normalisation it was trained with. */
    /** A backbone to evaluate or look into, and which of the run's networks it is ({@code backbone}, {@code teacher_backbone}). */
    public record Loaded(Block backbone, Normalization normalization, int imageSize, int step, String network, List<String> notices) {
        public Loaded {
            notices = List.copyOf(notices);
        }

        public Loaded(Block backbone, Normalization normalization, int imageSize, int step, String network) {
            this(backbone, normalization, imageSize, step, network, List.of());
        }

        public Loaded(Block backbone, Normalization normalization, int imageSize, int step) {
            this(backbone, normalization, imageSize, step, "backbone");
        }
    }

    /** A backbone opened from a weights file, and a line that says what it is. */
    public record Opened(Loaded loaded, String description) {
    }

    /**
     * A published backbone from a weights file: a ViT in timm's / DINO's names or a ResNet-50 /
     * ResNet-18 in torchvision's, in safetensors or a PyTorch checkpoint, with ImageNet's
     * normalisation, fed {@code imageSize} px images (null: the ViT's table size; 224 for a
     * ResNet). {@code heads} and {@code encoder} as {@link org.contrastlab.core.model.vit.TimmWeights#load}.
     */
    public static Opened openWeights(Path file, Integer heads, String encoder, Integer imageSize, NDManager manager) {
        Normalization imagenet = Normalization.named("imagenet", null);
        // one open: a safetensors file is read whole, a checkpoint's pickle parsed, only once
        try (WeightsFile w = WeightsFile.open(file)) {
            Set<String> names = w.shapes().keySet();
            if (!TimmWeights.holdsOne(names)
                    && TorchvisionResNet.holdsOne(names)) {
                TorchvisionResNet.Imported r =
                        TorchvisionResNet.load(w, encoder, manager);
                return new Opened(new Loaded(r.backbone(), imagenet, imageSize != null ? imageSize : 224, 0), r.describe());
            }
            TimmWeights.Imported v = TimmWeights.load(w, heads, encoder, manager);
            int size = imageSize != null ? imageSize : v.vit().tableSize();
            if (size % v.vit().size().patch() != 0) {
                throw new IllegalArgumentException("image size " + size + " is not a multiple of the ViT's patch " + v.vit().size()
                        .patch());
            }
            String kept = w.metadata().get(TimmWeights.NORMALIZATION);
            if (kept == null) {
                return new Opened(new Loaded(v.vit(), imagenet, size, 0), v.describe());
            }
            Normalization own;
            try {
                own = Normalization.parse(kept);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": its metadata " + TimmWeights.NORMALIZATION + " " + e.getMessage());
            }
            return new Opened(new Loaded(v.vit(), own, size, 0), v.describe() + "; normalised as it was trained (" + kept + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@link #load(RunDirectory, NDManager, boolean, String)} with the network the run's method publishes. */
    public static Loaded load(RunDirectory run, NDManager manager, boolean randomInit) {
        return load(run, manager, randomInit, null);
    }

    /**
     * Builds the run's backbone (only the backbone: evaluation needs nothing else) and loads it
     * from the latest checkpoint; random initialisation when {@code randomInit}. Which of the
     * run's backbones: {@code encoder} null gives the one its method publishes (DINO's teacher,
     * as main_dino.py saves and eval_knn.py evaluates it, where the checkpoint has it; the
     * trained backbone otherwise: MoCo's query encoder and BYOL's online network are the ones
     * their papers keep), else the backbone whose name holds the word ({@code student} and
     * {@code online} name the trained one).
     */
    @SuppressWarnings("unchecked")
    public static Loaded load(RunDirectory run, NDManager manager, boolean randomInit, String encoder) {
        TrainConfig config = run.config();
        Engine.getInstance().setRandomSeed((int) config.seed());
        Path checkpoint = run.requireCheckpoint("yet");
        Map<String, Object> state = RunDirectory.readState(checkpoint);
        Normalization normalization = new Normalization(floats((List<Number>) state.get("normalization_mean")),
                floats((List<Number>) state.get("normalization_std")));
        Block backbone = MethodSpec.byId(config.method()).encoder().build(BackboneSpec.byId(config.backbone())::newBlock,
                config.resolvedParams(), normalization);
        backbone.initialize(manager, DataType.FLOAT32,
                new Shape(2, 3, config.imageSize(), config.imageSize()));
        String network = network(checkpoint, encoder);
        if (!randomInit) {
            RunDirectory.loadNetwork(checkpoint, network, backbone, manager);
        }
        return new Loaded(backbone, normalization, config.imageSize(),
                randomInit ? 0 : ((Number) state.get("step")).intValue(), network, run.notices());
    }

    /** The backbone network of {@code checkpoint} that {@code encoder} names (null: the published one). */
    static String network(Path checkpoint, String encoder) {
        List<String> backbones;
        try (Stream<Path> files = Files.list(checkpoint)) {
            backbones = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("backbone.params"))
                    .map(n -> n.substring(0, n.length() - ".params".length())).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(checkpoint + ": cannot list the checkpoint (" + e.getMessage() + ")", e);
        }
        if (encoder == null) {
            return backbones.contains("teacher_backbone") ? "teacher_backbone" : "backbone";
        }
        String word = encoder.toLowerCase(Locale.ROOT);
        if (List.of("student", "online", "query", "backbone").contains(word)) {
            return "backbone";
        }
        List<String> matches = backbones.stream().filter(n -> n.contains(word)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(checkpoint + ": --encoder " + encoder + " matches " + matches.size()
                    + " of the run's backbones " + backbones + " (student names the trained one)");
        }
        return matches.get(0);
    }

    /** A backbone at its random initialisation (seed 42) with the normalisation of {@code images}, with no run. */
    public static Loaded random(String backboneId, ImageStore images, int imageSize, NDManager manager) {
        Engine.getInstance().setRandomSeed(42);
        Block backbone = BackboneSpec.byId(backboneId).newBlock();
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        return new Loaded(backbone, Normalization.of(images), imageSize, 0);
    }

    private static float[] floats(List<Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
