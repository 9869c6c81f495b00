package org.contrastlab.core.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.contrastlab.core.env.Scopes;
import org.contrastlab.core.model.swin.SwinSize;
import org.contrastlab.core.model.swin.SwinTransformer;

/**
 * One image's window attention at one block of a Swin Transformer, laid out on the stage's
 * token grid as a {@link FullAttention}: each token's weights over the tokens of its window,
 * zero elsewhere, at the tokens' own places (a shifted block's roll undone, so a window that
 * wraps around the edge shows as the pieces it joins, each attending only within itself, as
 * the block's mask has it). A Swin has no CLS token: the first row holds the mean of the
 * tokens' rows, where the tokens look on average. {@link #windowOf} names each token's window.
 *
 * @param stage    the stage, from 0
 * @param block    the block within its stage, from 0
 * @param window   the window's side in tokens
 * @param shift    the block's cyclic shift in tokens (0: plain windows)
 * @param windowOf for each token (row-major), the window it belongs to
 */
public record WindowedAttention(FullAttention attention, int stage, int block, int window, int shift, int[] windowOf) {
    public WindowedAttention {
        windowOf = windowOf.clone();
    }

    @Override
    public int[] windowOf() {
        return windowOf.clone();
    }

    /** Block {@code layer} of the Swin counted over all its stages (negative: from the end), as stage and block. */
    public static int[] stageAndBlock(SwinSize size, int layer) {
        int total = layers(size);
        int at = layer < 0 ? total + layer : layer;
        if (at < 0 || at >= total) {
            throw new IllegalArgumentException("layer " + layer + " outside the " + total + " blocks of the Swin");
        }
        int[] depths = size.depths();
        int stage = 0;
        while (at >= depths[stage]) {
            at -= depths[stage++];
        }
        return new int[] {stage, at};
    }

    /** The blocks of all stages. */
    public static int layers(SwinSize size) {
        int n = 0;
        for (int d : size.depths()) {
            n += d;
        }
        return n;
    }

    /**
     * Reads block {@code layer} (counted over the stages) for one normalised image (1, 3, S, S)
     * at the size the Swin was laid out for; each token drawn {@code cell} px wide.
     */
    public static WindowedAttention read(SwinTransformer swin, ParameterStore parameters, NDArray image, int layer, int cell) {
        int[] sb = stageAndBlock(swin.size(), layer);
        int stage = sb[0];
        int block = sb[1];
        int g = swin.tokens(stage);
        int w = swin.window(stage);
        int shift = swin.shift(stage, block);
        int heads = swin.size().heads()[stage];
        float[] raw;
        try (NDManager scope = image.getManager().newSubManager()) {
            NDArray weights = swin.windowAttention(parameters, Scopes.view(image, scope), stage, block);
            raw = weights.toFloatArray(); // (1, windows, heads, w², w²)
        }
        int t = 1 + g * g;
        int n = w * w;
        int perRow = g / w;
        int windows = perRow * perRow;
        float[] full = new float[heads * t * t];
        int[] windowOf = new int[g * g];
        for (int win = 0; win < windows; win++) {
            for (int q = 0; q < n; q++) {
                int qt = token(win, q, perRow, w, g, shift);
                windowOf[qt] = win;
                for (int h = 0; h < heads; h++) {
                    int from = ((win * heads + h) * n + q) * n;
                    int row = (h * t + 1 + qt) * t;
                    for (int k = 0; k < n; k++) {
                        full[row + 1 + token(win, k, perRow, w, g, shift)] = raw[from + k];
                    }
                }
            }
        }
        for (int h = 0; h < heads; h++) { // the first row: the tokens' mean row
            for (int q = 1; q < t; q++) {
                for (int k = 1; k < t; k++) {
                    full[h * t * t + k] += full[(h * t + q) * t + k] / (t - 1);
                }
            }
        }
        int at = layer < 0 ? layers(swin.size()) + layer : layer;
        return new WindowedAttention(new FullAttention(at, heads, g, g, cell, full), stage, block, w, shift, windowOf);
    }

    /**
     * The token (row-major on the g × g grid) at place {@code local} of window {@code win} of
     * the grid rolled by −shift: rolled place i holds token (i + shift) mod g.
     */
    private static int token(int win, int local, int perRow, int w, int g, int shift) {
        int r = (win / perRow * w + local / w + shift) % g;
        int c = (win % perRow * w + local % w + shift) % g;
        return r * g + c;
    }

    /** Says which block this is and how its windows lie. */
    public String describe(int layers) {
        return String.format(Locale.ROOT, "stage %d, block %d (layer %d of %d): %d×%d windows of %d×%d tokens%s", stage + 1, block + 1,
                attention.layer() + 1, layers, attention.gridW() / window, attention.gridH() / window, window, window,
                shift == 0 ? "" : ", shifted by " + shift);
    }
}
