package org.contrastlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Writes a snapshot of a scene under {@code target/ui-snapshots/}. */
public final class UiSnapshots {
    private UiSnapshots() {
    }

    public static Path write(Scene scene, String name) throws Exception {
        Path file = Path.of("target", "ui-snapshots", name);
        Files.createDirectories(file.getParent());
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(30, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        return file;
    }
}
