package org.contrastlab.core.attention;

/**
 * One image's whole attention at one layer: for every head, every token's weights over every
 * token, (H, T, T) with T = 1 + gridH·gridW and the CLS token first. {@link #map(int)} gives
 * where one token attends over the patches: the CLS token (0) for DINO's maps, a patch
 * (1 + row·gridW + col) for patch→patch attention.
 */
public record FullAttention(int layer, int heads, int gridH, int gridW, int patch, float[] weights) {
    public FullAttention {
        int t = 1 + gridH * gridW;
        if (weights.length != heads * t * t) {
            throw new IllegalArgumentException(weights.length + " weights for " + heads + " heads of " + t + " tokens");
        }
    }

    public int tokens() {
        return 1 + gridH * gridW;
    }

    /** Token {@code query}'s attention over the patches (its CLS entry left out), per head, renormalised to sum to 1. */
    public AttentionMap map(int query) {
        int t = tokens();
        if (query < 0 || query >= t) {
            throw new IllegalArgumentException("token " + query + " outside the " + t + " tokens");
        }
        float[][] maps = new float[heads][gridH * gridW];
        for (int h = 0; h < heads; h++) {
            int row = (h * t + query) * t;
            double sum = 0;
            for (int p = 0; p < maps[h].length; p++) {
                maps[h][p] = weights[row + 1 + p];
                sum += maps[h][p];
            }
            for (int p = 0; p < maps[h].length; p++) {
                maps[h][p] = (float) (maps[h][p] / sum);
            }
        }
        return new AttentionMap(layer, gridH, gridW, patch, maps);
    }

    /** The token of the patch at (row, col). */
    public int patchToken(int row, int col) {
        return 1 + row * gridW + col;
    }
}
