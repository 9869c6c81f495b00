package org.contrastlab.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.data.CifarBinaryReader;
import org.contrastlab.core.data.ImageStore;

/** Where the shared real data is: the system property {@code contrastlab.shared.data} (set by the build). */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        Path p = Path.of(System.getProperty("contrastlab.shared.data", "../../shared/data")).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(p), "the shared data folder is missing: " + p + " (expected ../shared/data beside the project)");
        return p;
    }

    public static Path cifar10() {
        return shared().resolve("cifar10");
    }

    /** The first {@code n} images of the CIFAR-10 test batch: real photos for augmentation tests. */
    public static ImageStore cifarTestImages(int n) {
        ImageStore all = CifarBinaryReader.read(List.of(cifar10().resolve("test_batch.bin")), 1,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        return all.head(n);
    }
}
