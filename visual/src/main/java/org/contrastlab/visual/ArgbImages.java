package org.contrastlab.visual;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Packed ARGB pixel arrays to JavaFX images. */
public final class ArgbImages {
    private ArgbImages() {
    }

    public static WritableImage toImage(int[] argb, int width, int height) {
        if (argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height + " image");
        }
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }
}
