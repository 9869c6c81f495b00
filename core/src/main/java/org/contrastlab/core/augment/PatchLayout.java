package org.contrastlab.core.augment;

/**
 * How CPC cuts an image of {@code size} px into a {@code grid × grid} lattice of overlapping
 * square patches (van den Oord et al. 2018; lightning-bolts' CIFAR-10 CPC: 8 px patches every
 * 4 px on 32 px): the stride is {@code size / (grid + 1)}, rounded down, and each patch is twice
 * the stride, so it overlaps its neighbours by half. The one place the model, the colour drop's
 * preview and the studio's boxes take the geometry from.
 *
 * @param size the image's side in px
 * @param grid patches per side
 */
public record PatchLayout(long size, int grid) {
    public PatchLayout {
        if (grid < 1 || size / (grid + 1) < 1) {
            throw new IllegalArgumentException("an image of " + size + " px is too small for a " + grid + " × " + grid
                    + " grid of patches");
        }
    }

    /** Pixels between the tops (or lefts) of neighbouring patches. */
    public int stride() {
        return (int) (size / (grid + 1));
    }

    /** A patch's side in px: twice the stride. */
    public int patch() {
        return 2 * stride();
    }

    /** The first pixel of the patch at {@code index} (row or column). */
    public int start(int index) {
        return index * stride();
    }
}
