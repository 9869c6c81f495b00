package org.contrastlab.core.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes ARGB pixels as an RGB PNG, under a temporary name renamed into place (a crash leaves
 * no half-written file). Kept apart from the command classes so that only writing a PNG needs
 * Java's imaging classes (the command line reflects its commands at start-up, and a runtime
 * without {@code java.desktop} can still run the commands that write none).
 */
public final class PngFiles {
    private PngFiles() {
    }

    public static void write(Path file, int[] argb, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException(file + ": no PNG writer");
        }
        AtomicFiles.move(tmp, file);
    }
}
