package org.contrastlab.app.augment;

import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.augment.JigsawCrop;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRole;
import org.contrastlab.visual.TileBox;

/**
 * InfoMin's jigsaw branch drawn on its view (the local view of an {@code infomin-jigsaw} recipe):
 * the 3 × 3 cells (grey) and in each the patch the query backbone encodes (orange), drawn at
 * the cell's centre; in training each patch is at a random place inside its cell.
 */
final class JigsawOverlay {
    static final int CELL_ARGB = 0xFF9CA3AF;
    static final int PATCH_ARGB = 0xFFF97316;
    static final String TOOLTIP = "InfoMin's jigsaw branch: this crop cut into 3 × 3 cells, from each a patch (orange) at a random "
            + "place in its cell; each patch through the query encoder, the nine in a random order combined into one query that must "
            + "match the key of the other views";

    private JigsawOverlay() {
    }

    /** Whether {@code recipe} feeds a jigsaw branch (its local view is cut into patches). */
    static boolean feeds(ViewRecipe recipe) {
        return recipe.name().startsWith("infomin-jigsaw");
    }

    /** Whether the view of {@code role} is the one the branch cuts. */
    static boolean cuts(ViewRole role) {
        return role == ViewRole.LOCAL;
    }

    /** The boxes over a view of {@code size} px: the nine cells, then the nine patches. */
    static List<TileBox> boxes(int size) {
        int cell = JigsawCrop.cell(size);
        int patch = JigsawCrop.patch(size);
        double inset = (cell - patch) / 2.0;
        List<TileBox> cells = new ArrayList<>();
        List<TileBox> patches = new ArrayList<>();
        for (int i = 0; i < JigsawCrop.GRID * JigsawCrop.GRID; i++) {
            double x = (i % JigsawCrop.GRID) * cell;
            double y = (i / JigsawCrop.GRID) * cell;
            cells.add(new TileBox(x, y, cell, cell, CELL_ARGB));
            patches.add(new TileBox(x + inset, y + inset, patch, patch, PATCH_ARGB));
        }
        cells.addAll(patches);
        return cells;
    }
}
