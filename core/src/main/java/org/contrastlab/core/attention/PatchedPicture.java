package org.contrastlab.core.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;

/**
 * The part of a picture that whole patches cover, from its top left: what a ViT's patch
 * projection sees of it, so maps and picture line up pixel for pixel. The store holds one
 * picture, or several of one size (e.g. the probe images followed during training).
 */
public record PatchedPicture(ImageStore picture, int width, int height) {
    /**
     * @param name what to call the picture in the message when it is smaller than one patch
     * @param hint appended to that message (e.g. what option to change), may be empty
     */
    public static PatchedPicture of(ImageStore picture, int patch, String name, String hint) {
        int h = picture.height() / patch * patch;
        int w = picture.width() / patch * patch;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException(name + ": " + picture.width() + "×" + picture.height()
                    + " px is smaller than one " + patch + " px patch" + hint);
        }
        return new PatchedPicture(picture, w, h);
    }

    /**
     * The largest square from the top left whose side is a multiple of {@code multiple}: what a
     * network laid out for square images (a Swin) is shown, resized to its size.
     */
    public static PatchedPicture square(ImageStore picture, int multiple, String name, String hint) {
        int side = Math.min(picture.height(), picture.width()) / multiple * multiple;
        if (side == 0) {
            throw new IllegalArgumentException(name + ": " + picture.width() + "×" + picture.height()
                    + " px is smaller than " + multiple + " px" + hint);
        }
        return new PatchedPicture(picture, side, side);
    }

    /** The covered pixels of the first picture as ARGB, row-major, {@code width × height}. */
    public int[] argb() {
        return argb(0);
    }

    /** The covered pixels of picture {@code i} as ARGB, row-major, {@code width × height}. */
    public int[] argb(int i) {
        int[] all = picture.argb(i);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(all, y * picture.width(), out, y * width, width);
        }
        return out;
    }

    /** The covered pixels as the ViT's input (1, 3, height, width), normalised, owned by {@code scope}. */
    public NDArray input(Normalization normalization, NDManager scope) {
        return inputOf(picture.size() == 1 ? picture : picture.subset(new int[] {0}), normalization, scope);
    }

    /** The covered pixels of the first picture resized to {@code size} × {@code size}, normalised, owned by {@code scope}. */
    public NDArray input(Normalization normalization, NDManager scope, int size) {
        ImageStore first = picture.size() == 1 ? picture : picture.subset(new int[] {0});
        NDArray unit = Views.toUnit(first.toNDArray(scope)).get(":, :, :" + height + ", :" + width);
        return normalization.apply(Views.resizeWhole(unit, size));
    }

    /** Every picture's covered pixels as the ViT's input (N, 3, height, width), normalised, owned by {@code scope}. */
    public NDArray inputs(Normalization normalization, NDManager scope) {
        return inputOf(picture, normalization, scope);
    }

    private NDArray inputOf(ImageStore pictures, Normalization normalization, NDManager scope) {
        NDArray unit = Views.toUnit(pictures.toNDArray(scope));
        return normalization.apply(unit.get(":, :, :" + height + ", :" + width));
    }
}
