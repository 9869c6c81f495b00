package org.contrastlab.app.common;

import java.io.File;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The file dialog every view opens weights with: safetensors and PyTorch checkpoints first, any file second. */
public final class WeightsChooser {
    private WeightsChooser() {
    }

    /** The file the user picked, or null. FX thread. */
    public static Path choose(Window owner, String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("weights (safetensors, PyTorch .pth / .pth.tar / .ckpt)",
                        "*.safetensors", "*.pth", "*.pt", "*.tar", "*.ckpt", "*.bin"),
                new FileChooser.ExtensionFilter("all files", "*"));
        File f = chooser.showOpenDialog(owner);
        return f == null ? null : f.toPath();
    }
}
