package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastlab.core.env.Scalars;

/**
 * Which patches of a view iBOT's student does not see, drawn on the device for a whole batch:
 * (B, rows·cols) arrays, 1 where a patch is hidden, in row-major grid order. Each row hides up
 * to {@code target} patches (a (B, 1) array, 0 for a view left whole), either anywhere
 * ({@link #random}: iBOT's {@code pred_shape rand}) or in rectangular blocks ({@link #blocks}:
 * BEiT's masking generator, iBOT's default {@code pred_shape block}).
 */
final class PatchMasks {
    /** BEiT's and iBOT's range of a block's aspect ratio: 0.3 to 1/0.3 ({@code pred_aspect_ratio}). */
    private static final double LOG_ASPECT = Math.log(1 / 0.3);
    /** Tries at a block per row, each kept if it hides new patches without passing the row's target. */
    static final int BLOCK_TRIES = 40;

    private PatchMasks() {
    }

    /** ⌊target⌋ patches of each row chosen at random. */
    static NDArray random(NDManager scope, NDArray target, int patches) {
        long b = target.getShape().get(0);
        NDArray rank = scope.randomUniform(0f, 1f, new Shape(b, patches)).argSort(1).argSort(1).toType(DataType.FLOAT32, false);
        return rank.lt(target.floor()).toType(DataType.FLOAT32, false);
    }

    /**
     * Rectangles added one at a time, as BEiT's generator does (unilm {@code beit/masking_generator.py},
     * read, not copied): a block of area uniform between (min(rows, cols) div 3)² and what the row
     * may still hide, its aspect ratio log-uniform in 0.3–3.3, placed at random, kept only if it
     * hides at least one new patch and no more than the row may still hide. BEiT stops a row after
     * ten failed tries in a row; here every row gets {@link #BLOCK_TRIES} tries, all rows at once,
     * so that nothing waits on the host.
     */
    static NDArray blocks(NDManager scope, NDArray target, int rows, int cols) {
        long b = target.getShape().get(0);
        int n = rows * cols;
        NDArray index = scope.arange(n).toType(DataType.FLOAT32, false).reshape(1, n);
        NDArray row = Scalars.div(index, cols).floor();
        NDArray col = index.sub(Scalars.mul(row, cols));
        double low = Math.pow(Math.min(rows, cols) / 3, 2);
        NDArray mask = scope.zeros(new Shape(b, n));
        for (int t = 0; t < BLOCK_TRIES; t++) {
            NDArray hidden = mask.sum(new int[] {1}, true);
            NDArray left = target.sub(hidden);
            NDArray u = scope.randomUniform(0f, 1f, new Shape(b, 4));
            NDArray area = Scalars.add(u.get(":, 0:1").mul(Scalars.sub(left, low)), low);
            NDArray aspect = Scalars.mul(Scalars.sub(Scalars.mul(u.get(":, 1:2"), 2), 1), LOG_ASPECT).exp();
            NDArray h = area.mul(aspect).sqrt().round();
            NDArray w = area.div(aspect).sqrt().round();
            NDArray fits = Scalars.gte(h, 1).logicalAnd(Scalars.gte(w, 1)).logicalAnd(Scalars.lt(h, rows)).logicalAnd(Scalars.lt(w, cols));
            NDArray top = Scalars.add(h.neg(), rows + 1).mul(u.get(":, 2:3")).floor();
            NDArray start = Scalars.add(w.neg(), cols + 1).mul(u.get(":, 3:4")).floor();
            NDArray inside = row.gte(top).logicalAnd(row.lt(top.add(h))).logicalAnd(col.gte(start)).logicalAnd(col.lt(start.add(w)));
            NDArray grown = mask.maximum(inside.toType(DataType.FLOAT32, false));
            NDArray added = grown.sum(new int[] {1}, true).sub(hidden);
            NDArray keep = fits.logicalAnd(Scalars.gte(added, 1)).logicalAnd(added.lte(left)).toType(DataType.FLOAT32, false);
            mask = mask.add(grown.sub(mask).mul(keep));
        }
        return mask;
    }
}
