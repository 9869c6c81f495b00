package org.contrastlab.app.attention;

import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.attention.AttentionMap;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.viewer.AttentionModel;
import org.contrastlab.visual.AttentionColors;

/**
 * The viewer's tiles for one image, computed from its whole attention (worker side, plain
 * arrays): the image, the heads' mean, then every head; each map over the picture as viridis
 * (raw) or as DINO's mask, of the CLS token or of a hovered patch, with the patch grid and the
 * hovered patch drawn on request.
 */
final class AttentionFigure {
    /** How to draw: {@code query} 0 is the CLS token, else a patch token. */
    record Settings(int query, boolean mask, double mass, double alpha, boolean smooth, boolean grid) {
    }

    /** One picture of the figure. */
    record Tile(String caption, int[] argb, int width, int height) {
    }

    private AttentionFigure() {
    }

    /** The tiles of a layer's look: for a Swin, the first map is the tokens' mean and the windows are outlined. */
    static List<Tile> render(AttentionModel.Look look, int[] image, int width, int height, Settings s) {
        FullAttention attention = look.attention();
        AttentionMap map = attention.map(s.query());
        String of = s.query() == 0 ? look.first() : (look.windowOf() == null ? "patch " : "token ") + patchName(attention, s.query());
        List<Tile> tiles = new ArrayList<>();
        tiles.add(new Tile("image (layer " + (attention.layer() + 1) + ")", decorate(image.clone(), look, width, s), width, height));
        for (int h = -1; h < map.headCount(); h++) {
            int[] argb = colour(map, h, image, width, height, s);
            String caption = (h < 0 ? "mean of heads" : "head " + h) + " · " + of + (s.mask() ? String.format(" · %.0f %% mask",
                    s.mass() * 100) : "");
            tiles.add(new Tile(caption, decorate(argb, look, width, s), width, height));
        }
        return tiles;
    }

    /** The heads' mean CLS attention over the image, as the settings draw it (a probe image's tile). */
    static Tile mean(FullAttention attention, int[] image, int width, int height, Settings s, String caption) {
        return new Tile(caption, colour(attention.map(0), -1, image, width, height, s), width, height);
    }

    /** Head {@code h}'s map (−1: the mean) over the image: viridis blended, or DINO's mask. */
    private static int[] colour(AttentionMap map, int h, int[] image, int width, int height, Settings s) {
        return s.mask()
                ? AttentionColors.maskOverlay(image, map.upsample(AttentionMap.massMask(map.map(h), s.mass()), height, width), width,
                        0xffd400)
                : AttentionColors.blend(image, AttentionColors.heat(map.upsample(map.map(h), height, width, s.smooth())), s.alpha());
    }

    static String patchName(FullAttention a, int token) {
        int p = token - 1;
        return "(" + (p / a.gridW()) + ", " + (p % a.gridW()) + ")";
    }

    /** The patch grid (when asked), a Swin's windows and the hovered patch's outline, drawn into {@code argb}. */
    private static int[] decorate(int[] argb, AttentionModel.Look look, int width, Settings s) {
        FullAttention a = look.attention();
        int height = argb.length / width;
        int patch = a.patch();
        if (look.windowOf() != null) {
            windows(argb, width, height, a, look.windowOf());
        }
        if (s.grid()) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (x % patch == 0 || y % patch == 0) {
                        argb[y * width + x] = AttentionColors.blend(new int[] {argb[y * width + x]}, new int[] {0xffffffff}, 0.35)[0];
                    }
                }
            }
        }
        if (s.query() > 0) {
            int p = s.query() - 1;
            int y0 = p / a.gridW() * patch;
            int x0 = p % a.gridW() * patch;
            for (int i = 0; i < patch; i++) {
                mark(argb, width, height, x0 + i, y0);
                mark(argb, width, height, x0 + i, y0 + patch - 1);
                mark(argb, width, height, x0, y0 + i);
                mark(argb, width, height, x0 + patch - 1, y0 + i);
            }
        }
        return argb;
    }

    /** Lines where neighbouring tokens belong to different windows: a shifted block's windows wrap at the edges. */
    private static void windows(int[] argb, int width, int height, FullAttention a, int[] windowOf) {
        int patch = a.patch();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.min(y / patch, a.gridH() - 1);
                int c = Math.min(x / patch, a.gridW() - 1);
                int w = windowOf[r * a.gridW() + c];
                boolean edge = x % patch == 0 && c > 0 && windowOf[r * a.gridW() + c - 1] != w
                        || y % patch == 0 && r > 0 && windowOf[(r - 1) * a.gridW() + c] != w;
                if (edge) {
                    argb[y * width + x] = 0xff40e0ff;
                }
            }
        }
    }

    private static void mark(int[] argb, int width, int height, int x, int y) {
        if (x >= 0 && y >= 0 && x < width && y < height) {
            argb[y * width + x] = 0xffff3030;
        }
    }
}
