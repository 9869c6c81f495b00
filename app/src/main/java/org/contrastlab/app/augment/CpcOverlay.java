package org.contrastlab.app.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.augment.ColourDrop;
import org.contrastlab.core.augment.PatchLayout;
import org.contrastlab.core.method.Cpc;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.visual.ImageTile;
import org.contrastlab.visual.TileBox;

/**
 * CPC v2's task drawn on a view, with the method's default grid and offsets: the context of the
 * rows down to the last one that can predict every offset (blue), one patch of that row (green),
 * and the patches its context predicts, first_offset … first_offset + offsets − 1 rows below it (orange).
 */
final class CpcOverlay {
    static final int CONTEXT_ARGB = 0xFF3B82F6;
    static final int SOURCE_ARGB = 0xFF22C55E;
    static final int PREDICTED_ARGB = 0xFFF97316;
    private static final MethodParams DEFAULTS = MethodParams.resolve(Cpc.SPEC, Map.of());
    private static final int GRID = DEFAULTS.count("grid");
    private static final int FIRST = DEFAULTS.count("first_offset");
    private static final int FARTHEST = Cpc.farthestRow(DEFAULTS);
    static final String TOOLTIP = "CPC v2: the view cut into " + GRID + " × " + GRID + " overlapping patches (each 2/" + (GRID + 1)
            + " of the view, every 1/" + (GRID + 1) + "); from the context of the rows down to the blue line, the green patch's "
            + "position predicts the orange patches " + FIRST + "–" + FARTHEST + " rows below; every other patch of the batch is a "
            + "negative";

    /** White pixels between the patches of {@link #patchesTile}. */
    static final int GAP = 1;
    static final String PATCHES_TOOLTIP = "the same view's " + GRID + " × " + GRID + " patches as CPC v2's encoder gets them with "
            + "colour_drop=1 (its preset on sample:shapes): each patch on its own, keeping one colour channel drawn for it; the "
            + "two dropped channels are shown at the view's mean, where training fills them (CPC v2's patch-based augmentation: "
            + "patches of one image no longer share their colour)";

    private CpcOverlay() {
    }

    /** The view's patches apart, each with one colour channel kept, drawn from {@code seed}. */
    static ImageTile patchesTile(int[] argb, int size, long seed, int frameArgb) {
        int side = ColourDrop.previewSide(size, GRID, GAP);
        return new ImageTile(ColourDrop.preview(argb, size, GRID, GAP, seed), side, side, "patches", PATCHES_TOOLTIP, frameArgb,
                List.of());
    }

    /** The boxes over a view of {@code size} px, on the pixels CPC cuts ({@link PatchLayout}). */
    static List<TileBox> boxes(int size) {
        PatchLayout layout = new PatchLayout(size, GRID);
        int patch = layout.patch();
        int row = GRID - 1 - FARTHEST;
        int column = GRID / 2;
        List<TileBox> boxes = new ArrayList<>();
        boxes.add(new TileBox(0, 0, size, layout.start(row) + patch, CONTEXT_ARGB));
        boxes.add(new TileBox(layout.start(column), layout.start(row), patch, patch, SOURCE_ARGB));
        for (int k = FIRST; k <= FARTHEST; k++) {
            boxes.add(new TileBox(layout.start(column), layout.start(row + k), patch, patch, PREDICTED_ARGB));
        }
        return boxes;
    }
}
