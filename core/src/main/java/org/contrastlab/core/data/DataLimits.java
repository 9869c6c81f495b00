package org.contrastlab.core.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The sizes a data set may declare. A reader checks what a header declares against these
 * limits and against the file's own length before it allocates anything, so that a small
 * damaged or hostile file is refused with its name instead of exhausting memory.
 */
public final class DataLimits {
    /** The pixels of all the images a data set holds in memory, 3 bytes each: Java's largest array. */
    public static final long MAX_STORE_BYTES = Integer.MAX_VALUE - 64;
    /** The most classes a labelled data set may have. */
    public static final int MAX_CLASSES = 100_000;

    private DataLimits() {
    }

    /** Refuses {@code images} images of {@code bytesEach} bytes when they cannot be held, naming {@code file}. */
    public static void checkStore(Path file, long images, long bytesEach) {
        if (images < 0 || bytesEach < 0 || (bytesEach > 0 && images > MAX_STORE_BYTES / bytesEach)) { // no product to overflow
            throw new DatasetException(String.format(Locale.ROOT,
                    "%s: declares %d images of %d bytes (%.1f GB), over the %.1f GB that one data set can hold in memory",
                    file, images, bytesEach, images * (double) bytesEach / 1e9, MAX_STORE_BYTES / 1e9));
        }
    }
}
