package org.contrastlab.core.augment;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.augment.RandAugment.Op;
import org.contrastlab.core.env.HostPack;

/**
 * The host half of a batch's RandAugment: per layer, the views ordered by the op they apply
 * (a counting sort, so that each op's views are one contiguous block of the batch, those that
 * apply none last), the order back, and each op's per-view numbers: the affine matrices of the
 * geometric ops (output pixel centre to input position, PIL's convention), the enhancement
 * factors, thresholds, addends and posterize steps. All of it goes into the step's
 * {@link HostPack}; {@link RandAugmentOps} reads it on the device.
 */
final class RandAugmentPlan {
    static final int NONE = -1;
    private static final int OPS = Op.values().length;
    /** PyContrast's fill for pixels a warp brings in from outside: ImageNet's mean in 8 bits (124, 116, 104). */
    private static final float[] FILL = {124 / 255f, 116 / 255f, 104 / 255f};
    /** PIL's {@code convert("L")} weights (ITU-R 601-2), which its Color and Contrast enhancers use. */
    private static final float[] PIL_GREY = {0.299f, 0.587f, 0.114f};

    /** One layer: the order, and per op its block [from, to) of the ordered batch and its numbers' handle. */
    record Layer(int order, int back, int[] from, int[] to, int[] args) {
    }

    final int size;
    final List<Layer> layers;
    /** Output pixel centres (x + 0.5, y + 0.5, 1) as a (3, S·S) part; NONE when no view warps. */
    final int grid;
    final int fill;
    final int grey;
    /** The equalize rows' offsets (row · 256) and PIL's smooth kernel with the mask of inner pixels, where used. */
    final int rowOffsets;
    final int smooth;

    private RandAugmentPlan(int size, List<Layer> layers, int grid, int fill, int grey, int rowOffsets, int smooth) {
        this.size = size;
        this.layers = layers;
        this.grid = grid;
        this.fill = fill;
        this.grey = grey;
        this.rowOffsets = rowOffsets;
        this.smooth = smooth;
    }

    /** The plan for views of {@code size} px drawn as {@code p}, or null when no view applies an op. */
    static RandAugmentPlan of(ViewDraws p, int size, HostPack pack) {
        int b = p.size();
        List<Layer> layers = new ArrayList<>();
        boolean warps = false;
        int equalizeRows = 0;
        boolean sharpens = false;
        for (int k = 0; k < p.rand().maxLayers(); k++) {
            int[] key = new int[b];
            int fired = 0;
            int[] count = new int[OPS + 1];
            for (int i = 0; i < b; i++) {
                int op = p.rand().op(i, k);
                key[i] = op < 0 ? OPS : op;
                count[key[i]]++;
                fired += op < 0 ? 0 : 1;
            }
            if (fired == 0) {
                continue;
            }
            int[] from = new int[OPS];
            int[] to = new int[OPS];
            int[] sorted = byKey(key, count, from, to);
            int[] inverse = new int[b];
            for (int j = 0; j < b; j++) {
                inverse[sorted[j]] = j;
            }
            int[] args = new int[OPS];
            for (Op op : Op.values()) {
                int o = op.ordinal();
                args[o] = NONE;
                if (to[o] > from[o]) {
                    warps |= op.geometric();
                    sharpens |= op == Op.SHARPNESS;
                    equalizeRows = op == Op.EQUALIZE ? Math.max(equalizeRows, 3 * (to[o] - from[o])) : equalizeRows;
                    args[o] = arguments(op, p, k, sorted, from[o], to[o], size, pack);
                }
            }
            layers.add(new Layer(pack.addIndices(sorted), pack.addIndices(inverse), from, to, args));
        }
        if (layers.isEmpty()) {
            return null;
        }
        int grid = warps ? pack.add(grid(size), new Shape(3, (long) size * size)) : NONE;
        int fill = warps ? pack.add(FILL.clone(), new Shape(1, 3, 1)) : NONE;
        int grey = pack.add(PIL_GREY.clone(), new Shape(1, 1, 3));
        int rows = NONE;
        if (equalizeRows > 0) {
            int[] offsets = new int[equalizeRows];
            for (int r = 0; r < equalizeRows; r++) {
                offsets[r] = r * 256;
            }
            rows = pack.addIndices(offsets);
        }
        int smooth = sharpens ? pack.add(smoothing(size), new Shape(9L + (long) size * size)) : NONE;
        return new RandAugmentPlan(size, layers, grid, fill, grey, rows, smooth);
    }

    /** The numbers op {@code op} needs for the views sorted[from..to) at layer {@code k}; NONE when it needs none. */
    private static int arguments(Op op, ViewDraws p, int k, int[] sorted, int from, int to, int size, HostPack pack) {
        int n = to - from;
        if (op.geometric()) {
            float[] m = new float[n * 6];
            for (int j = 0; j < n; j++) {
                affine(op, p.rand().arg(sorted[from + j], k), size, m, j * 6);
            }
            return pack.add(m, new Shape(n, 2, 3));
        }
        if (op == Op.AUTO_CONTRAST || op == Op.EQUALIZE || op == Op.INVERT) {
            return NONE;
        }
        float[] a = new float[n];
        for (int j = 0; j < n; j++) {
            double arg = p.rand().arg(sorted[from + j], k);
            // posterize keeps `bits` high bits: a level becomes floor(level / 2^(8 − bits)) · 2^(8 − bits)
            a[j] = (float) (op == Op.POSTERIZE ? Math.pow(2, 8 - arg) : arg);
        }
        return pack.add(a, new Shape(n, 1, 1, 1));
    }

    /**
     * Writes the 2×3 matrix that maps an output pixel's centre (x + 0.5, y + 0.5) to the input
     * position PIL's {@code Image.transform(AFFINE)} samples: PyContrast's shear {@code (1, f, 0, 0, 1, 0)},
     * translation {@code (1, 0, share·S, 0, 1, 0)}, and {@code Image.rotate}'s turn about the centre.
     */
    static void affine(Op op, double arg, int size, float[] m, int at) {
        double[] a = switch (op) {
            case SHEAR_X -> new double[] {1, arg, 0, 0, 1, 0};
            case SHEAR_Y -> new double[] {1, 0, 0, arg, 1, 0};
            case TRANSLATE_X -> new double[] {1, 0, arg * size, 0, 1, 0};
            case TRANSLATE_Y -> new double[] {1, 0, 0, 0, 1, arg * size};
            case ROTATE -> rotation(arg, size);
            default -> throw new IllegalArgumentException(op + " does not warp");
        };
        for (int i = 0; i < 6; i++) {
            m[at + i] = (float) a[i];
        }
    }

    /** PIL's {@code Image.rotate(degrees)} (counter-clockwise about the centre, same size) as its affine data. */
    private static double[] rotation(double degrees, int size) {
        double angle = -Math.toRadians(degrees);
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double centre = size / 2.0;
        // PIL: matrix (c, s, 0, −s, c, 0), then its offset so that the centre stays where it is
        return new double[] {c, s, c * -centre + s * -centre + centre, -s, c, -s * -centre + c * -centre + centre};
    }

    private static float[] grid(int size) {
        float[] g = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                g[y * size + x] = x + 0.5f;
                g[plane + y * size + x] = y + 0.5f;
                g[2 * plane + y * size + x] = 1;
            }
        }
        return g;
    }

    /** PIL's {@code ImageFilter.SMOOTH} kernel (1 1 1 / 1 5 1 / 1 1 1, over 13), then 1 on the pixels it changes (PIL keeps the border). */
    private static float[] smoothing(int size) {
        float[] s = new float[9 + size * size];
        for (int i = 0; i < 9; i++) {
            s[i] = (i == 4 ? 5f : 1f) / 13f;
        }
        for (int y = 1; y < size - 1; y++) {
            for (int x = 1; x < size - 1; x++) {
                s[9 + y * size + x] = 1;
            }
        }
        return s;
    }

    /** The views ordered by key (a counting sort keeping the batch's order within a key), with each key's block. */
    private static int[] byKey(int[] key, int[] count, int[] from, int[] to) {
        int[] start = new int[count.length + 1];
        for (int c = 0; c < count.length; c++) {
            start[c + 1] = start[c] + count[c];
        }
        for (int o = 0; o < from.length; o++) {
            from[o] = start[o];
            to[o] = start[o + 1];
        }
        int[] next = start.clone();
        int[] sorted = new int[key.length];
        for (int i = 0; i < key.length; i++) {
            sorted[next[key[i]]++] = i;
        }
        return sorted;
    }
}
