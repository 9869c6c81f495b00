package org.contrastlab.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetProvider;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.CacheDirectory;

/**
 * {@code sample:shapes}: 5,000 training and 1,000 test images of 64×64 px in ten classes,
 * drawn by {@link ShapesGenerator} from a fixed seed into the user cache folder on first use
 * (a few seconds), then read back. Each record of the cache file is the label byte, the RGB
 * bytes (channel-major) and the mask bytes.
 */
public final class ShapesDataset implements DatasetProvider {
    public static final String NAME = "sample:shapes";
    public static final int SIZE = 64;
    public static final int TRAIN = 5000;
    public static final int TEST = 1000;
    public static final long SEED = 2024;
    private static final int VERSION = 6;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "built-in synthetic shapes: 10 classes, 64×64, 5,000 train + 1,000 test, with object masks";
    }

    @Override
    public DatasetSplits load(LoadOptions options) {
        ShapeStyle style;
        try {
            style = ShapeStyle.current();
        } catch (IllegalArgumentException e) {
            throw new DatasetException("-Dcontrastlab.shapes.style: " + e.getMessage(), e);
        }
        return load(CacheDirectory.get(), TRAIN, TEST, style);
    }

    /** Loads (generating first where needed) a shapes set of the given sizes from {@code cache}. */
    public static DatasetSplits load(Path cache, int trainCount, int testCount) {
        return load(cache, trainCount, testCount, ShapeStyle.current());
    }

    /** Loads a shapes set drawn in {@code style}, cached under a file of its own. */
    public static DatasetSplits load(Path cache, int trainCount, int testCount, ShapeStyle style) {
        Path file = cache.resolve(String.format("shapes-v%d-seed%d-%dpx-%d%s.bin", VERSION, SEED, SIZE, trainCount + testCount,
                style.fileTag()));
        int record = 1 + 4 * SIZE * SIZE;
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(cache);
                generate(file, trainCount + testCount, style);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write or read the sample data (" + e.getMessage() + ")", e);
        }
        if (bytes.length != record * (trainCount + testCount)) {
            throw new DatasetException(file + ": damaged sample data (" + bytes.length + " bytes); delete it to regenerate");
        }
        List<String> names = Arrays.stream(ShapeKind.values()).map(ShapeKind::displayName).toList();
        return new DatasetSplits(NAME, part(bytes, 0, trainCount, names), part(bytes, trainCount, testCount, names));
    }

    private static void generate(Path file, int count, ShapeStyle style) throws IOException {
        ShapesGenerator.Sample[] samples = new ShapesGenerator(SIZE, SEED, style).draw(0, count);
        int plane = SIZE * SIZE;
        int record = 1 + 4 * plane;
        byte[] out = new byte[record * count];
        for (int i = 0; i < count; i++) {
            int off = i * record;
            out[off] = (byte) samples[i].label();
            System.arraycopy(samples[i].rgb(), 0, out, off + 1, 3 * plane);
            System.arraycopy(samples[i].mask(), 0, out, off + 1 + 3 * plane, plane);
        }
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.write(tmp, out);
        AtomicFiles.move(tmp, file);
    }

    private static ImageStore part(byte[] bytes, int first, int count, List<String> names) {
        int plane = SIZE * SIZE;
        int record = 1 + 4 * plane;
        byte[] px = new byte[count * 3 * plane];
        byte[] masks = new byte[count * plane];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int off = (first + i) * record;
            labels[i] = bytes[off];
            System.arraycopy(bytes, off + 1, px, i * 3 * plane, 3 * plane);
            System.arraycopy(bytes, off + 1 + 3 * plane, masks, i * plane, plane);
        }
        return new ImageStore(px, labels, names, masks, SIZE, SIZE);
    }
}
