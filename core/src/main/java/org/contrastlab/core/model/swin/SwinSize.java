package org.contrastlab.core.model.swin;

import java.util.Arrays;

/**
 * The shape of a Swin Transformer: patch size, the first stage's width, the blocks and heads of
 * each stage (the width doubles and the resolution halves from one stage to the next), and
 * the attention window's side in tokens.
 */
public record SwinSize(int patch, int dim, int[] depths, int[] heads, int window) {
    /** timm's {@code swin_tiny_patch4_window7_224}: 96 wide, blocks 2-2-6-2, heads 3-6-12-24, window 7 (Liu et al. 2021). */
    public static final SwinSize TINY = new SwinSize(4, 96, new int[] {2, 2, 6, 2}, new int[] {3, 6, 12, 24}, 7);
    /** For 32 px on a CPU: patch 2 (16 × 16 tokens), 48 wide, blocks 2-2-2, heads 3-6-12, window 4. */
    public static final SwinSize MICRO = new SwinSize(2, 48, new int[] {2, 2, 2}, new int[] {3, 6, 12}, 4);

    public SwinSize {
        if (depths.length != heads.length || depths.length == 0) {
            throw new IllegalArgumentException("a Swin needs one head count per stage: " + Arrays.toString(depths) + " / "
                    + Arrays.toString(heads));
        }
        depths = depths.clone();
        heads = heads.clone();
    }

    public int stages() {
        return depths.length;
    }

    /** The width of stage {@code s}. */
    public int dim(int s) {
        return dim << s;
    }

    /** The width of the features: the last stage's. */
    public int featureDim() {
        return dim(stages() - 1);
    }

    @Override
    public int[] depths() {
        return depths.clone();
    }

    @Override
    public int[] heads() {
        return heads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwinSize s && s.patch == patch && s.dim == dim && Arrays.equals(s.depths, depths)
                && Arrays.equals(s.heads, heads) && s.window == window;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(depths) + Arrays.hashCode(heads)) + patch * 1000 + dim * 10 + window;
    }

    @Override
    public String toString() {
        return "Swin(patch " + patch + ", " + dim + " wide, depths " + Arrays.toString(depths) + ", heads " + Arrays.toString(heads)
                + ", window " + window + ")";
    }
}
