package org.contrastlab.visual;

/** One picture of a grid: packed ARGB pixels, their size, and a caption (may be empty). */
public record ImageTile(int[] argb, int width, int height, String caption) {
    public ImageTile {
        if (argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height + " tile");
        }
        argb = argb.clone();
    }

    @Override
    public int[] argb() {
        return argb.clone();
    }
}
