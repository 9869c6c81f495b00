package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.io.SafeTensors;

/**
 * A ViT's weights under timm's and DINO's parameter names ({@code cls_token},
 * {@code pos_embed}, {@code patch_embed.proj.weight}, {@code blocks.3.attn.qkv.weight}, …,
 * {@code norm.bias}) in safetensors: a ViT trained here loads into
 * {@code timm.models.vision_transformer.VisionTransformer(img_size, patch_size, embed_dim,
 * depth, num_heads, num_classes=0)} and one trained elsewhere opens here. The shape comes from
 * the tensors; the number of heads, which the tensors do not carry, from our metadata or
 * timm's convention of 64 channels a head.
 */
public final class TimmWeights {
    public static final String HEADS = "contrastlab.heads";
    public static final String POSITION = "contrastlab.position";
    /** Where other programs keep the backbone in their state dicts (DINO: {@code backbone.}; DDP: {@code module.}). */
    private static final List<String> PREFIXES = List.of("", "backbone.", "module.", "module.backbone.", "teacher.backbone.",
            "student.backbone.", "student.module.backbone.", "teacher.module.backbone.", "encoder.", "model.", "base_encoder.",
            "module.base_encoder.");

    /** A ViT read from a file: the network, the prefix its names had, and the tensors that were not the backbone's. */
    public record Imported(VisionTransformer vit, String prefix, List<String> skipped, boolean sinCos) {
    }

    private TimmWeights() {
    }

    /** timm's name of every parameter of {@code vit}, in timm's order. */
    public static Map<String, Parameter> names(VisionTransformer vit) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("cls_token", vit.clsToken());
        out.put("pos_embed", vit.posEmbed());
        put(out, "patch_embed.proj", vit.patchEmbed(), "weight", "bias");
        List<TransformerBlock> blocks = vit.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            TransformerBlock b = blocks.get(i);
            String p = "blocks." + i + ".";
            put(out, p + "norm1", b.norm1(), "gamma", "beta");
            put(out, p + "attn.qkv", b.attn().qkv(), "weight", "bias");
            put(out, p + "attn.proj", b.attn().proj(), "weight", "bias");
            put(out, p + "norm2", b.norm2(), "gamma", "beta");
            put(out, p + "mlp.fc1", b.fc1(), "weight", "bias");
            put(out, p + "mlp.fc2", b.fc2(), "weight", "bias");
        }
        put(out, "norm", vit.norm(), "gamma", "beta");
        return out;
    }

    private static void put(Map<String, Parameter> out, String prefix, Block block, String weight, String bias) {
        out.put(prefix + ".weight", block.getDirectParameters().get(weight));
        out.put(prefix + ".bias", block.getDirectParameters().get(bias));
    }

    /** The timm constructor call that makes a ViT of this shape (weights then load with strict names). */
    public static String timmCall(VisionTransformer vit) {
        ViTSize s = vit.size();
        return String.format(java.util.Locale.ROOT,
                "VisionTransformer(img_size=%d, patch_size=%d, embed_dim=%d, depth=%d, num_heads=%d, num_classes=0)",
                vit.tableSize(), s.patch(), s.dim(), s.depth(), s.heads());
    }

    /** Writes an initialised {@code vit} to {@code file} (F32, atomically). */
    public static void export(VisionTransformer vit, boolean sinCos, Path file) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        names(vit).forEach((name, p) -> {
            NDArray a = p.getArray();
            tensors.put(name, new SafeTensors.Tensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray()));
        });
        ViTSize s = vit.size();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(HEADS, String.valueOf(s.heads()));
        meta.put(POSITION, sinCos ? "sincos" : "learned");
        meta.put("contrastlab.timm", timmCall(vit));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Reads a ViT from a safetensors file under timm's / DINO's names (with any of the usual
     * prefixes); {@code heads} overrides the file's (null: metadata, else width / 64).
     * Every backbone tensor must be there with the shape the others imply.
     */
    public static Imported load(Path file, Integer heads, NDManager manager) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, SafeTensors.Tensor> t = contents.tensors();
        String prefix = PREFIXES.stream().filter(p -> t.containsKey(p + "cls_token") && t.containsKey(p + "patch_embed.proj.weight"))
                .findFirst().orElseThrow(() -> new IOException(file + ": no ViT in timm's names (looked for cls_token and "
                        + "patch_embed.proj.weight under the prefixes " + PREFIXES + "); it holds " + first(t.keySet())));
        long[] proj = t.get(prefix + "patch_embed.proj.weight").shape();
        int dim = (int) proj[0];
        int patch = (int) proj[2];
        int depth = 0;
        while (t.containsKey(prefix + "blocks." + depth + ".attn.qkv.weight")) {
            depth++;
        }
        int h = heads != null ? heads : contents.metadata().containsKey(HEADS) ? Integer.parseInt(contents.metadata().get(HEADS))
                : Math.max(1, dim / 64);
        if (depth == 0 || dim % h != 0) {
            throw new IOException(file + ": a ViT of width " + dim + " and " + depth + " blocks cannot have " + h + " heads");
        }
        long posRows = t.containsKey(prefix + "pos_embed") ? t.get(prefix + "pos_embed").shape()[1] : 0;
        int grid = PositionEmbedding.squareGrid(posRows - 1);
        boolean sinCos = "sincos".equals(contents.metadata().get(POSITION));
        VisionTransformer vit = new VisionTransformer(new ViTSize(dim, depth, h, patch), 0, sinCos);
        vit.initialize(manager, DataType.FLOAT32, new Shape(1, 3, (long) grid * patch, (long) grid * patch));
        List<String> used = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : names(vit).entrySet()) {
            String name = prefix + e.getKey();
            SafeTensors.Tensor tensor = t.get(name);
            NDArray live = e.getValue().getArray();
            if (tensor == null) {
                throw new IOException(file + ": the ViT tensor '" + name + "' is missing");
            }
            Shape shape = new Shape(tensor.shape());
            if (!shape.equals(live.getShape())) {
                throw new IOException(file + ": tensor '" + name + "' has shape " + shape + ", a " + dim + "-wide ViT with patch "
                        + patch + " needs " + live.getShape());
            }
            try (NDManager scope = manager.newSubManager(); NoGrad off = NoGrad.enter()) {
                live.set(new NDIndex(":"), scope.create(tensor.data(), shape));
            }
            used.add(name);
        }
        List<String> skipped = t.keySet().stream().filter(k -> !used.contains(k)).toList();
        return new Imported(vit, prefix, skipped, sinCos);
    }

    private static String first(java.util.Collection<String> names) {
        return names.stream().limit(5).toList() + (names.size() > 5 ? " …" : "");
    }
}
