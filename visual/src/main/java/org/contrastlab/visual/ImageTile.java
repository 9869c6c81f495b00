package org.contrastlab.visual;

import java.util.List;

/**
 * One picture of a grid: packed ARGB pixels (kept as given, not copied), their size, a caption
 * (may be empty), a tooltip shown on hover (may be empty), a frame colour (0 for none) and boxes
 * drawn over it.
 */
public record ImageTile(int[] argb, int width, int height, String caption, String tooltip, int frameArgb,
                        List<TileBox> boxes) {
    public ImageTile {
        if (argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height + " tile");
        }
        caption = caption == null ? "" : caption;
        tooltip = tooltip == null ? "" : tooltip;
        boxes = List.copyOf(boxes);
    }

    /** The pixels, not copied: treat them as read-only (a grid redraws many tiles a second). */
    @Override
    public int[] argb() {
        return argb;
    }

    public ImageTile(int[] argb, int width, int height, String caption) {
        this(argb, width, height, caption, "", 0, List.of());
    }
}
