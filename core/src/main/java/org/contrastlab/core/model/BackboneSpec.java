package org.contrastlab.core.model;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.contrastlab.core.model.swin.SwinSize;
import org.contrastlab.core.model.swin.SwinTransformer;
import org.contrastlab.core.model.vit.ViTSize;
import org.contrastlab.core.model.vit.VisionTransformer;

/** A registered backbone: its id, its feature width, a one-line description and a factory. */
public record BackboneSpec(String id, int featureDim, String description, Supplier<Block> factory) {

    private static final List<BackboneSpec> ALL = List.of(
            new BackboneSpec("convnet-small", 256,
                    "small ConvNet (32-64-128-256, 4 convs with BN), 0.39 M parameters, for 32–64 px on a CPU",
                    () -> ConvNetSmall.build(new int[] {32, 64, 128, 256}, 1)),
            new BackboneSpec("convnet-tiny", 128,
                    "tiny ConvNet (16-32-64-128, 4 convs with BN), 0.1 M parameters, for quick tests and demos",
                    () -> ConvNetSmall.build(new int[] {16, 32, 64, 128}, 1)),
            new BackboneSpec("resnet18-cifar", 512,
                    "ResNet-18 (torchvision layout) with the CIFAR stem (3×3 conv, no max-pool), 11.2 M parameters, for 32–64 px; slow on "
                            + "a CPU",
                    () -> ResNet18.build(true)),
            new BackboneSpec("resnet18", 512,
                    "ResNet-18 (torchvision layout) with the ImageNet stem (7×7 stride-2 conv, max-pool), 11.2 M parameters, for 96–224 px",
                    () -> ResNet18.build(false)),
            vit("vit-micro", ViTSize.MICRO, "ViT-micro/8 (128 wide, 4 blocks, 4 heads), 0.8 M parameters, for 32–64 px on a CPU"),
            vit("vit-micro-p4", ViTSize.MICRO.withPatch(4), "ViT-micro/4 (128 wide, 4 blocks, 4 heads), a finer grid for 32 px; 4× the "
                    + "tokens"),
            vit("vit-tiny", ViTSize.TINY, "ViT-Ti/16 (192 wide, 12 blocks, 3 heads; DeiT, DINO), 5.5 M parameters at 224 px"),
            new BackboneSpec("resnet50", 2048,
                    "ResNet-50 (torchvision layout), 23.5 M parameters, for 224 px on a GPU; the encoder SimCLR, MoCo v2, BYOL, SwAV and "
                            + "Barlow Twins published (train --init-from)",
                    () -> ResNet50.build(64)),
            vit("vit-small", ViTSize.SMALL, "ViT-S/16 (384 wide, 12 blocks, 6 heads; DeiT, DINO), 21.7 M parameters at 224 px"),
            vit("vit-small-12h", new ViTSize(384, 12, 12, 16), "ViT-S/16 with 12 heads (MoCo v3's ViT-S), 21.7 M parameters at 224 px"),
            vit("vit-small-p8", ViTSize.SMALL.withPatch(8), "ViT-S/8 (384 wide, 12 blocks, 6 heads; DINO's ViT-S/8), 4× the tokens of "
                    + "ViT-S/16"),
            vit("vit-base", new ViTSize(768, 12, 12, 16), "ViT-B/16 (768 wide, 12 blocks, 12 heads; DINO, MoCo v3), 85.8 M parameters; "
                    + "for a GPU"),
            vit("vit-base-p8", new ViTSize(768, 12, 12, 8), "ViT-B/8 (DINO's ViT-B/8), 85.8 M parameters; for a GPU"),
            new BackboneSpec("swin-micro", SwinSize.MICRO.featureDim(), "Swin Transformer for 32 px on a CPU: patch 2, 48 wide, "
                    + "blocks 2-2-2, heads 3-6-12, window 4 (shifted in every second block), 0.9 M parameters",
                    () -> new SwinTransformer(SwinSize.MICRO)),
            new BackboneSpec("swin-tiny", SwinSize.TINY.featureDim(), "Swin-T (timm's swin_tiny_patch4_window7_224: patch 4, 96 wide, "
                    + "blocks 2-2-6-2, window 7), 27.5 M parameters (28.3 M with timm's classifier), for 224 px on a GPU",
                    () -> new SwinTransformer(SwinSize.TINY)));

    private static BackboneSpec vit(String id, ViTSize size, String description) {
        return new BackboneSpec(id, size.dim(), description, () -> new VisionTransformer(size, 0f, false));
    }

    /** Whether the backbone is a Vision Transformer (attention maps, MoCo v3's frozen patch projection). */
    public boolean isVit() {
        return id.startsWith("vit-");
    }

    /** The registered ViT of exactly this shape (width, depth, heads, patch), if there is one. */
    public static Optional<BackboneSpec> vitOf(ViTSize size) {
        return ALL.stream().filter(b -> b.isVit() && ((VisionTransformer) b.newBlock()).size().equals(size)).findFirst();
    }

    public Block newBlock() {
        return factory.get();
    }

    public static List<BackboneSpec> all() {
        return ALL;
    }

    public static BackboneSpec byId(String id) {
        return ALL.stream().filter(b -> b.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown backbone '" + id + "' (known: "
                        + Arrays.toString(ALL.stream().map(BackboneSpec::id).toArray()) + ")"));
    }
}
