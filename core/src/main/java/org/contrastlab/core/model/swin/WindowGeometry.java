package org.contrastlab.core.model.swin;

/**
 * The host-side tables of Swin's window attention (Liu et al. 2021; microsoft/Swin-Transformer
 * {@code swin_transformer.py}), made once per window size and resolution: the relative-position
 * index of every pair of tokens in a window into the (2w − 1)² bias table, and the mask that
 * keeps a shifted window's tokens from attending across the image edges it wrapped around.
 */
final class WindowGeometry {
    private WindowGeometry() {
    }

    /** (w²·w²) indices: token pair (i, j) of a window → (Δrow + w − 1)·(2w − 1) + (Δcol + w − 1). */
    static int[] relativeIndex(int w) {
        int n = w * w;
        int[] index = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int dr = i / w - j / w + w - 1;
                int dc = i % w - j % w + w - 1;
                index[i * n + j] = dr * (2 * w - 1) + dc;
            }
        }
        return index;
    }

    /**
     * (windows, w², w²): 0 where two tokens of a window came from the same region of the
     * image before the cyclic shift by {@code shift}, −100 where they did not (the reference's value).
     */
    static float[] shiftMask(int height, int width, int w, int shift) {
        int[] region = new int[height * width];
        int[] rowCut = {0, height - w, height - shift, height};
        int[] colCut = {0, width - w, width - shift, width};
        int id = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int y = rowCut[r]; y < rowCut[r + 1]; y++) {
                    for (int x = colCut[c]; x < colCut[c + 1]; x++) {
                        region[y * width + x] = id;
                    }
                }
                id++;
            }
        }
        int n = w * w;
        int windows = (height / w) * (width / w);
        float[] mask = new float[windows * n * n];
        int k = 0;
        for (int wy = 0; wy < height / w; wy++) {
            for (int wx = 0; wx < width / w; wx++) {
                for (int i = 0; i < n; i++) {
                    int ri = region[(wy * w + i / w) * width + wx * w + i % w];
                    for (int j = 0; j < n; j++) {
                        int rj = region[(wy * w + j / w) * width + wx * w + j % w];
                        mask[(k * n + i) * n + j] = ri == rj ? 0 : -100f;
                    }
                }
                k++;
            }
        }
        return mask;
    }
}
