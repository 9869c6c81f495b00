package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.method.EncoderShape;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.TorchvisionResNet;
import org.contrastlab.core.model.vit.PositionEmbedding;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.ViTSize;
import org.contrastlab.core.model.vit.VisionTransformer;

/**
 * {@code train --init-from FILE}: a run's backbone (and every EMA copy of it: DINO's teacher,
 * BYOL's target, MoCo's key encoder) starts from published weights instead of random ones, to
 * continue self-supervised training or fine-tune. A ViT's position table is resampled to the
 * run's grid the way the file's origin does; the file's network must be the run's backbone
 * (same width, depth, heads and patch; or torchvision's ResNet-18 / ResNet-50 for
 * {@code resnet18} / {@code resnet50}); a refusal names the backbone that fits the file.
 */
public final class BackboneInit {
    private BackboneInit() {
    }

    /**
     * Refuses, before anything is written, an init file that cannot start {@code config}'s
     * backbone: loads it into a scratch copy of that backbone and drops it.
     */
    public static void check(TrainConfig config) {
        if (config.initFrom() == null) {
            return;
        }
        if (MethodSpec.byId(config.method()).encoder() != EncoderShape.PLAIN) {
            throw new InvalidConfigException(List.of("--init-from " + config.initFrom() + ": method " + config.method()
                    + " trains an encoder of its own shape (one " + config.backbone() + " per colour view), which a published "
                    + config.backbone() + " cannot start; leave --init-from out"));
        }
        try (NDManager scratch = NDManager.newBaseManager(); NoGrad off = NoGrad.enter()) {
            Block backbone = BackboneSpec.byId(config.backbone()).newBlock();
            backbone.initialize(scratch, DataType.FLOAT32,
                    new Shape(1, 3, config.imageSize(), config.imageSize()));
            List<NDArray> values = read(Path.of(config.initFrom()), config.initEncoder(), backbone, null, scratch).values();
            copy(values, backbone, Path.of(config.initFrom()));
        }
    }

    private record Read(String what, List<NDArray> values) {
    }

    /** Copies the file's encoder into the model's backbones; returns a line saying what was loaded. */
    static String apply(Path file, String encoder, TrainingModel model, NDManager manager) {
        Block backbone = model.method().backbone();
        try (NDManager scratch = manager.newSubManager(); NoGrad off = NoGrad.enter()) {
            Read read = read(file, encoder, backbone, null, scratch);
            List<NDArray> values = read.values();
            String what = read.what();
            int copies = 0;
            for (Map.Entry<String, Block> n : model.networks().entrySet()) {
                if (n.getKey().equals("backbone") || n.getKey().endsWith("_backbone")) {
                    copy(values, n.getValue(), file);
                    copies++;
                }
            }
            return what + "; copied into " + copies + (copies == 1 ? " backbone" : " backbones (the trained one and its EMA copies)");
        }
    }

    /**
     * Copies the file's encoder into {@code backbone} (initialised); returns a line saying what was
     * loaded. A ViT's head count, which its tensors do not carry, is taken to be the backbone's.
     */
    static String into(Path file, String encoder, Block backbone, NDManager manager) {
        try (NDManager scratch = manager.newSubManager(); NoGrad off = NoGrad.enter()) {
            Integer heads = backbone instanceof VisionTransformer v ? v.size().heads() : null;
            Read read = read(file, encoder, backbone, heads, scratch);
            copy(read.values(), backbone, file);
            return read.what();
        }
    }

    /**
     * The file's encoder as the values of {@code backbone}'s parameters, in order, on {@code scratch};
     * {@code heads} the ViT's head count where the caller knows it (null: the file's, or 64 channels a head).
     */
    private static Read read(Path file, String encoder, Block backbone, Integer heads, NDManager scratch) {
        List<NDArray> values = new ArrayList<>();
        try {
            if (backbone instanceof VisionTransformer dst) {
                TimmWeights.Imported src = TimmWeights.load(file, heads, encoder, scratch);
                ViTSize a = src.vit().size();
                ViTSize b = dst.size();
                if (a.dim() != b.dim() || a.depth() != b.depth() || a.patch() != b.patch() || a.heads() != b.heads()) {
                    throw new IllegalArgumentException(file + ": its ViT (width " + a.dim() + ", depth " + a.depth() + ", "
                            + a.heads() + " heads, patch " + a.patch() + ") is not the run's backbone (width " + b.dim() + ", depth "
                            + b.depth() + ", " + b.heads() + " heads, patch " + b.patch() + ")"
                            + BackboneSpec.vitOf(a).map(f -> "; --backbone " + f.id() + " is its shape").orElse(""));
                }
                Map<String, Parameter> from = TimmWeights.names(src.vit());
                int grid = dst.tableSize() / b.patch();
                for (Map.Entry<String, Parameter> e : TimmWeights.names(dst).entrySet()) {
                    NDArray v = from.get(e.getKey()).getArray();
                    if (e.getKey().equals("pos_embed") && !v.getShape().equals(e.getValue().getArray().getShape())) {
                        v = PositionEmbedding.resample(v, grid, grid, src.vit().resampling());
                    }
                    values.add(v);
                }
                return new Read(src.describe(), values);
            }
            TorchvisionResNet.Imported src = TorchvisionResNet.load(file, encoder, scratch);
            if (src.backbone().getParameters().size() != backbone.getParameters().size()) {
                String fits = src.arch().equals("ResNet-50") ? "resnet50" : src.arch().startsWith("ResNet-18 (CIFAR") ? "resnet18-cifar"
                        : src.arch().equals("ResNet-18") ? "resnet18" : null;
                throw new IllegalArgumentException(file + ": its " + src.arch() + " is not the run's backbone"
                        + (fits == null ? "" : "; --backbone " + fits + " is its network"));
            }
            src.backbone().getParameters().values().forEach(p -> values.add(p.getArray()));
            return new Read(src.describe(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Parameters in order, in place (EMA copies hold their parameters as views of a joined buffer). */
    private static void copy(List<NDArray> values, Block into, Path file) {
        List<Parameter> params = into.getParameters().values();
        if (params.size() != values.size()) {
            throw new IllegalArgumentException(file + ": its network has " + values.size() + " tensors where the run's backbone has "
                    + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray live = params.get(i).getArray();
            NDArray v = values.get(i);
            if (!live.getShape().equals(v.getShape())) {
                throw new IllegalArgumentException(file + ": tensor " + i + " of its network has shape " + v.getShape()
                        + " where the run's backbone (" + params.get(i).getName() + ") has " + live.getShape());
            }
            live.set(new NDIndex(":"), v.toDevice(live.getDevice(), false));
        }
    }
}
