package org.contrastlab.core.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.io.SafeTensors;
import org.contrastlab.core.io.torch.CheckpointException;
import org.contrastlab.core.model.weights.EncoderSearch;
import org.contrastlab.core.model.weights.WeightsFile;

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
    /** How the position table is resampled off its grid: {@code timm} or {@code dino} (absent: timm for safetensors). */
    public static final String RESAMPLING = "contrastlab.resampling";
    /** The normalisation the network was trained with, as {@code "mean r,g,b std r,g,b"} (absent: ImageNet's). */
    public static final String NORMALIZATION = "contrastlab.normalization";
    /**
     * A ViT read from a file: the network, where in the file it was ({@link EncoderSearch.Match}),
     * the tensors not used (heads, other encoders, optimizer state), the file's format, and
     * how its position table is resampled.
     */
    public record Imported(VisionTransformer vit, String prefix, List<String> skipped, boolean sinCos, EncoderSearch.Match match,
            String format) {
        /** What was opened, for users: shape, place in the file, resampling, what was left. */
        public String describe() {
            ViTSize s = vit.size();
            boolean layerScale = vit.blocks().get(0).ls1() != null;
            int registers = vit.prefixTokens() - 1;
            return String.format(Locale.ROOT, "ViT width %d, depth %d, %d heads, patch %d", s.dim(), s.depth(), s.heads(),
                    s.patch()) + (layerScale ? ", LayerScale" : "") + (registers > 0 ? ", " + registers + " registers" : "")
                    + " from a " + format + ", " + match.describe() + "; position table resampled with "
                    + vit.resampling().description() + (skipped.isEmpty() ? "" : "; " + skipped.size() + " other tensors not used");
        }
    }

    private TimmWeights() {
    }

    /** timm's name of every parameter of {@code vit}, in timm's order. */
    public static Map<String, Parameter> names(VisionTransformer vit) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("cls_token", vit.clsToken());
        out.put("pos_embed", vit.posEmbed());
        if (vit.registerTokens() != null) {
            out.put("register_tokens", vit.registerTokens());
        }
        put(out, "patch_embed.proj", vit.patchEmbed(), "weight", "bias");
        List<TransformerBlock> blocks = vit.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            TransformerBlock b = blocks.get(i);
            String p = "blocks." + i + ".";
            put(out, p + "norm1", b.norm1(), "gamma", "beta");
            put(out, p + "attn.qkv", b.attn().qkv(), "weight", "bias");
            put(out, p + "attn.proj", b.attn().proj(), "weight", "bias");
            if (b.ls1() != null) {
                out.put(p + "ls1.gamma", b.ls1());
            }
            put(out, p + "norm2", b.norm2(), "gamma", "beta");
            put(out, p + "mlp.fc1", b.fc1(), "weight", "bias");
            put(out, p + "mlp.fc2", b.fc2(), "weight", "bias");
            if (b.ls2() != null) {
                out.put(p + "ls2.gamma", b.ls2());
            }
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
        return String.format(Locale.ROOT,
                "VisionTransformer(img_size=%d, patch_size=%d, embed_dim=%d, depth=%d, num_heads=%d, num_classes=0)",
                vit.tableSize(), s.patch(), s.dim(), s.depth(), s.heads());
    }

    /** Writes an initialised {@code vit} to {@code file} (F32, atomically). */
    public static void export(VisionTransformer vit, boolean sinCos, Path file) throws IOException {
        export(vit, sinCos, Map.of(), file);
    }

    /** As {@link #export(VisionTransformer, boolean, Path)}, with more metadata ({@link #NORMALIZATION}). */
    public static void export(VisionTransformer vit, boolean sinCos, Map<String, String> extra, Path file) throws IOException {
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
        meta.put(RESAMPLING, vit.resampling().name().toLowerCase(Locale.ROOT));
        meta.put("contrastlab.timm", timmCall(vit));
        meta.putAll(extra);
        SafeTensors.write(file, tensors, meta);
    }

    /** True if {@code names} hold a ViT in timm's / DINO's names under some prefix. */
    public static boolean holdsOne(Set<String> names) {
        return names.stream().anyMatch(n -> n.endsWith("patch_embed.proj.weight"));
    }

    /** {@link #load(Path, Integer, String, NDManager)} with the encoder a method publishes. */
    public static Imported load(Path file, Integer heads, NDManager manager) throws IOException {
        return load(file, heads, null, manager);
    }

    /**
     * Reads a ViT under timm's / DINO's names from a safetensors file or a PyTorch checkpoint,
     * wherever in the file it is ({@link EncoderSearch}); {@code heads} overrides the file's
     * (null: our metadata, else width / 64); {@code encoder} picks one of several encoders
     * (null: the teacher / query encoder). Every backbone tensor must be there with the shape
     * the others imply; a tensor under the encoder's prefix that is neither the backbone's nor a
     * head's (DINOv2's LayerScale, say) is refused rather than left out. The position table is
     * resampled as the file's origin does: DINO's way for a PyTorch checkpoint, timm's for
     * safetensors.
     */
    public static Imported load(Path file, Integer heads, String encoder, NDManager manager) throws IOException {
        try (WeightsFile w = WeightsFile.open(file)) {
            return load(w, heads, encoder, manager);
        }
    }

    /** {@link #load(Path, Integer, String, NDManager)} from a file already open (read once by a caller that looked at its names). */
    public static Imported load(WeightsFile w, Integer heads, String encoder, NDManager manager) throws IOException {
        Path file = w.file();
        Map<String, long[]> t = w.shapes();
        if (!holdsOne(t.keySet()) && EncoderSearch.holdsResNet(t.keySet())) {
            throw new CheckpointException(file + ": holds a ResNet (torchvision's names), which has no attention to show; "
                    + "eval knn, eval linear and embed open it");
        }
        EncoderSearch.Match match = EncoderSearch.find(file.toString(), t.keySet(), "patch_embed.proj.weight", encoder,
                "ViT in timm's or DINO's names");
        String prefix = match.prefix();
        long[] proj = t.get(prefix + "patch_embed.proj.weight");
        if (proj.length != 4 || proj[2] != proj[3]) {
            throw new IOException(file + ": '" + prefix + "patch_embed.proj.weight' has shape " + Arrays.toString(proj)
                    + ", not (width, 3, patch, patch)");
        }
        int dim = (int) proj[0];
        int patch = (int) proj[2];
        int depth = 0;
        while (t.containsKey(prefix + "blocks." + depth + ".attn.qkv.weight")) {
            depth++;
        }
        int h = heads != null ? heads : w.metadata().containsKey(HEADS) ? metadataHeads(file, w.metadata().get(HEADS))
                : defaultHeads(dim, match);
        if (depth == 0 || h < 1 || dim % h != 0) {
            throw new IOException(file + ": a ViT of width " + dim + " and " + depth + " blocks cannot have " + h + " heads");
        }
        long[] posShape = t.get(prefix + "pos_embed");
        if (posShape == null || posShape.length != 3) {
            throw new IOException(file + ": the ViT tensor '" + prefix + "pos_embed' is missing");
        }
        int grid;
        try {
            grid = PositionEmbedding.squareGrid(posShape[1] - 1);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": '" + prefix + "pos_embed' " + Arrays.toString(posShape) + ": " + e.getMessage());
        }
        boolean sinCos = "sincos".equals(w.metadata().get(POSITION));
        boolean layerScale = t.containsKey(prefix + "blocks.0.ls1.gamma");
        long[] reg = t.get(prefix + "register_tokens");
        int registers = reg != null && reg.length == 3 ? (int) reg[1] : 0;
        VisionTransformer vit = new VisionTransformer(new ViTSize(dim, depth, h, patch), 0, sinCos, registers, layerScale);
        // every value is overwritten from the file: zeros are ~5 s cheaper than ViT-B's random draws
        vit.setInitializer(Initializer.ZEROS, p -> true);
        vit.initialize(manager, DataType.FLOAT32, new Shape(1, 3, (long) grid * patch, (long) grid * patch));
        if (w.origin() == WeightsFile.Origin.TORCH || "dino".equals(w.metadata().get(RESAMPLING))) {
            vit.resampling(PositionEmbedding.Resampling.DINO);
        }
        Map<String, Parameter> names = names(vit);
        for (Map.Entry<String, Parameter> e : names.entrySet()) {
            w.copyInto(prefix + e.getKey(), e.getValue().getArray(), "a " + dim + "-wide ViT with patch " + patch, manager);
        }
        List<String> skipped = new ArrayList<>();
        for (String name : t.keySet()) {
            if (!name.startsWith(prefix) || names.containsKey(name.substring(prefix.length()))) {
                if (!name.startsWith(prefix)) {
                    skipped.add(name);
                }
            } else if (EncoderSearch.isHead(name.substring(prefix.length())) || name.equals(prefix + "mask_token")) {
                skipped.add(name);
            } else {
                throw new IOException(file + ": tensor '" + name + "' " + Arrays.toString(t.get(name)) + " is part of the "
                        + "file's ViT but not of a plain ViT (" + vit.size() + "); such a ViT is not opened here");
            }
        }
        return new Imported(vit, prefix, skipped, sinCos, match, w.format());
    }

    private static int metadataHeads(Path file, String value) throws IOException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": its metadata gives " + HEADS + "='" + value + "', not a number of heads");
        }
    }

    /**
     * The heads a file's ViT has when nothing says: 64 channels a head (timm, DINO, DeiT), except
     * MoCo v3's ViT-S, which has 12 heads of 32 (moco-v3 vits.py {@code vit_small}); its
     * checkpoints are recognised by their base / momentum encoder prefixes.
     */
    static int defaultHeads(int dim, EncoderSearch.Match match) {
        boolean mocoV3 = match.candidates().stream().anyMatch(p -> p.contains("base_encoder.") || p.contains("momentum_encoder."));
        return mocoV3 && dim == 384 ? 12 : Math.max(1, dim / 64);
    }

}
