package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * PIRL's and InfoMin's jigsaw crop on a batch of views (HobbitLong/PyContrast {@code
 * datasets/util.py JigsawCrop}): each view is cut into a 3 × 3 grid of cells and from every cell
 * a square patch is taken at a random place inside it, drawn per image and cell. PyContrast cuts
 * 64 px patches from 85 px cells of a 255 px crop; here a patch is the same share of its cell
 * (64/85), so a 30 px view gives 8 px patches from 10 px cells. The patches come out image by
 * image, cells in row order: (B·9, C, p, p).
 */
public final class JigsawCrop {
    /** Cells per side of the grid. */
    public static final int GRID = 3;
    private static final int CELLS = GRID * GRID;
    /** PyContrast's patch (64 px) over its cell (255 / 3 = 85 px). */
    private static final double PATCH_SHARE = 64.0 / 85.0;

    private JigsawCrop() {
    }

    /** The side of a cell of a view {@code size} pixels wide. */
    public static int cell(int size) {
        return size / GRID;
    }

    /** The side of a patch cut from a view {@code size} pixels wide. */
    public static int patch(int size) {
        return Math.max(1, (int) Math.round(cell(size) * PATCH_SHARE));
    }

    /** Why a view of {@code size} pixels cannot be cut into patches of at least 4 px, or null when it can. */
    public static String problem(int size) {
        return patch(size) < 4 ? "a jigsaw view of " + size + " px gives patches of " + patch(size) + " px; it needs at least "
                + Math.round(4 * GRID / PATCH_SHARE) + " px" : null;
    }

    /** The nine patches of each view of {@code views} (B, C, S, S), at places drawn by the engine's generator. */
    public static NDArray cut(NDArray views, NDManager scope) {
        long b = views.getShape().get(0);
        long c = views.getShape().get(1);
        int size = (int) views.getShape().get(2);
        int cell = cell(size);
        int p = patch(size);
        NDArray offsets = scope.randomInteger(0, cell - p + 1, new Shape(b, CELLS, 2), DataType.INT64);
        return at(views, offsets, scope).reshape(b * CELLS, c, p, p);
    }

    /**
     * The patches at given places: {@code offsets} (B, 9, 2) holds each patch's row and column
     * inside its cell. Returns (B, 9, C, p, p).
     */
    static NDArray at(NDArray views, NDArray offsets, NDManager scope) {
        long b = views.getShape().get(0);
        long c = views.getShape().get(1);
        int size = (int) views.getShape().get(2);
        int cell = cell(size);
        int p = patch(size);
        // each cell's top-left corner, made on the device (no number copied from the host in a step)
        NDArray origins = scope.arange(0, GRID * cell, cell, DataType.INT64);
        NDArray originY = origins.reshape(GRID, 1).broadcast(new Shape(GRID, GRID)).reshape(1, CELLS);
        NDArray originX = origins.reshape(1, GRID).broadcast(new Shape(GRID, GRID)).reshape(1, CELLS);
        NDArray steps = scope.arange(0, p, 1, DataType.INT64).reshape(1, 1, p);
        NDArray off = offsets.toType(DataType.INT64, false);
        NDArray rows = off.get(":, :, 0").add(originY).expandDims(2).add(steps);
        NDArray cols = off.get(":, :, 1").add(originX).expandDims(2).add(steps);
        // the patches' rows of the view, then their columns of those rows
        NDArray rowIndex = rows.reshape(b, 1, (long) CELLS * p, 1).broadcast(new Shape(b, c, (long) CELLS * p, size));
        NDArray picked = views.gather(rowIndex, 2).reshape(b, c, CELLS, p, size);
        NDArray colIndex = cols.reshape(b, 1, CELLS, 1, p).broadcast(new Shape(b, c, CELLS, p, p));
        return picked.gather(colIndex, 4).transpose(0, 2, 1, 3, 4);
    }
}
