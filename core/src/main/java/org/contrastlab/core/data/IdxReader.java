package org.contrastlab.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST and Fashion-MNIST in the IDX format (LeCun et al.), plain or gzip-compressed:
 * {@code train-images-idx3-ubyte[.gz]} with {@code train-labels-idx1-ubyte[.gz]}, and the
 * {@code t10k-} pair as the test split. Greyscale images become RGB by repeating the channel.
 */
public final class IdxReader {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int MAX_SIDE = 4096;

    private IdxReader() {
    }

    public static boolean recognises(Path dir) {
        return find(dir, "train-images-idx3-ubyte").isPresent();
    }

    public static DatasetSplits readFolder(Path dir) {
        boolean fashion = dir.toString().toLowerCase().contains("fashion");
        List<String> names = fashion ? FASHION : DIGITS;
        ImageStore train = readPair(require(dir, "train-images-idx3-ubyte"), require(dir, "train-labels-idx1-ubyte"), names);
        Optional<Path> testImages = find(dir, "t10k-images-idx3-ubyte");
        ImageStore test = testImages.isPresent()
                ? readPair(testImages.get(), require(dir, "t10k-labels-idx1-ubyte"), names) : null;
        return new DatasetSplits((fashion ? "fashion-mnist:" : "mnist:") + dir.getFileName(), train, test);
    }

    /** Reads one image file and its label file. */
    public static ImageStore readPair(Path imagesFile, Path labelsFile, List<String> names) {
        try (DataInputStream images = open(imagesFile); DataInputStream labels = open(labelsFile)) {
            expectMagic(images, IMAGES_MAGIC, imagesFile);
            int n = images.readInt();
            int h = images.readInt();
            int w = images.readInt();
            expectMagic(labels, LABELS_MAGIC, labelsFile);
            int nl = labels.readInt();
            if (nl != n) {
                throw new DatasetException(labelsFile + ": holds " + nl + " labels but " + imagesFile + " holds " + n + " images");
            }
            if (n < 1 || h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE) {
                throw new DatasetException(imagesFile + ": declares " + n + " images of " + h + "×" + w
                        + " pixels (expected at least one image, sides of 1 to " + MAX_SIDE + ")");
            }
            DataLimits.checkStore(imagesFile, n, 3L * h * w);
            checkLength(imagesFile, 16 + (long) n * h * w);
            checkLength(labelsFile, 8 + (long) n);
            byte[] grey = new byte[n * h * w];
            images.readFully(grey);
            byte[] lb = new byte[n];
            labels.readFully(lb);
            drain(images); // a .gz file's checksum is checked only at its end: a damaged one must not train
            drain(labels);
            byte[] rgb = new byte[n * 3 * h * w];
            int plane = h * w;
            int[] labelInts = new int[n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(grey, i * plane, rgb, (i * 3 + c) * plane, plane);
                }
                labelInts[i] = lb[i] & 0xFF;
                if (labelInts[i] >= names.size()) {
                    throw new DatasetException(labelsFile + ": label " + labelInts[i] + " at " + i + " is not a class 0-9");
                }
            }
            return new ImageStore(rgb, labelInts, names, null, h, w);
        } catch (EOFException e) {
            throw new DatasetException(imagesFile + ": the file ends early (truncated download?)", e);
        } catch (IOException e) {
            throw new DatasetException(imagesFile + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** An uncompressed file shorter than its header says is refused before anything is allocated. */
    private static void checkLength(Path file, long needed) throws IOException {
        if (!file.toString().endsWith(".gz") && Files.size(file) < needed) {
            throw new DatasetException(file + ": " + Files.size(file) + " bytes, but its header declares " + needed
                    + " (truncated, or a damaged header)");
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (in.read(buffer) >= 0) {
            // reading to the end makes GZIPInputStream check the CRC and length in the trailer
        }
    }

    private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new DatasetException(file + ": not an IDX file of the expected kind (magic 0x"
                    + Integer.toHexString(found) + ", expected 0x" + Integer.toHexString(magic) + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static Path require(Path dir, String stem) {
        return find(dir, stem).orElseThrow(() -> new DatasetException(dir + ": missing " + stem + " (or " + stem + ".gz)"));
    }

    private static Optional<Path> find(Path dir, String stem) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(stem) || n.equals(stem + ".gz") || n.equals(stem.replace("-idx", ".idx"))
                        || n.equals(stem.replace("-idx", ".idx") + ".gz");
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
