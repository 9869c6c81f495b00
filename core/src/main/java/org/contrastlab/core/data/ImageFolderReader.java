package org.contrastlab.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A folder of images: one sub-folder per class (labelled, classes in name order), or images
 * directly in the folder (unlabelled). Files with an image extension that cannot be decoded
 * are skipped and reported by name; other files are ignored.
 */
public final class ImageFolderReader {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "wbmp");

    private ImageFolderReader() {
    }

    /** Reads {@code dir}; each decoded image is stored at {@code size}×{@code size}. */
    public static Result read(Path dir, int size) {
        List<Path> classDirs = subFolders(dir);
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        if (classDirs.isEmpty()) {
            for (Path f : imageFiles(dir)) {
                files.add(f);
                fileLabels.add(ImageStore.UNLABELLED);
            }
        } else {
            for (Path cd : classDirs) {
                List<Path> images = imageFiles(cd);
                if (images.isEmpty()) {
                    continue;
                }
                int label = classNames.size();
                classNames.add(cd.getFileName().toString());
                for (Path f : images) {
                    files.add(f);
                    fileLabels.add(label);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException(dir + ": no images found (expected image files, or one sub-folder of images per class)");
        }
        return decodeAll(files, fileLabels, classNames, size);
    }

    /** The decoded images and the files that were skipped ("path: reason"). */
    public record Result(ImageStore store, List<String> skipped) {
    }

    private static Result decodeAll(List<Path> files, List<Integer> fileLabels, List<String> classNames, int size) {
        int perImage = 3 * size * size;
        DataLimits.checkStore(files.get(0).getParent(), files.size(), perImage);
        byte[][] decoded = new byte[files.size()][];
        ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                decoded[i] = ImageDecoder.decode(files.get(i), size);
            } catch (DatasetException e) {
                skipped.add(e.getMessage());
            }
        });
        int kept = 0;
        for (byte[] d : decoded) {
            kept += d == null ? 0 : 1;
        }
        if (kept == 0) {
            throw new DatasetException(files.get(0).getParent() + ": none of the " + files.size()
                    + " image files could be decoded; first problem: " + skipped.peek());
        }
        byte[] pixels = new byte[kept * perImage];
        int[] labels = new int[kept];
        int n = 0;
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] != null) {
                System.arraycopy(decoded[i], 0, pixels, n * perImage, perImage);
                labels[n++] = fileLabels.get(i);
            }
        }
        List<String> skippedSorted = new ArrayList<>(skipped);
        skippedSorted.sort(null);
        return new Result(new ImageStore(pixels, labels, classNames, null, size, size), skippedSorted);
    }

    static List<Path> subFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            // links to nothing (dangling, or a loop) are kept here to be reported as skipped, not passed over in silence
            return s.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p)).filter(ImageFolderReader::hasImageExtension)
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
