package org.contrastlab.core.model.vit;

/**
 * A ViT's shape: width D, depth (blocks), heads and patch size. {@code tiny} and {@code small}
 * are DeiT's / DINO's (192·12·3, 384·12·6, patch 16); {@code micro} is ours, small enough to
 * learn in minutes on a laptop CPU at 32–64 px (128·4·4).
 */
public record ViTSize(int dim, int depth, int heads, int patch) {
    public ViTSize {
        if (dim < 1 || depth < 1 || heads < 1 || patch < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("a ViT needs positive sizes and a width divisible by its heads: " + dim + "·" + depth
                    + "·" + heads + " patch " + patch);
        }
    }

    public static final ViTSize MICRO = new ViTSize(128, 4, 4, 8);
    public static final ViTSize TINY = new ViTSize(192, 12, 3, 16);
    public static final ViTSize SMALL = new ViTSize(384, 12, 6, 16);

    public ViTSize withPatch(int p) {
        return new ViTSize(dim, depth, heads, p);
    }
}
