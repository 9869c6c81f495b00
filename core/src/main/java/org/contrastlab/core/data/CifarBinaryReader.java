package org.contrastlab.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CIFAR-10 and CIFAR-100 binary formats (Krizhevsky 2009): records of label byte(s) then
 * 3,072 bytes, the 1,024 red values of the 32×32 image row by row, then green, then blue.
 * CIFAR-10 has one label byte; CIFAR-100 has two (coarse, then fine) and the fine label is used.
 */
public final class CifarBinaryReader {
    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    private CifarBinaryReader() {
    }

    /** True when {@code dir} looks like a CIFAR-10 or CIFAR-100 binary folder. */
    public static boolean recognises(Path dir) {
        return Files.exists(dir.resolve("test_batch.bin")) || Files.exists(dir.resolve("data_batch_1.bin"))
                || (Files.exists(dir.resolve("train.bin")) && Files.exists(dir.resolve("test.bin")));
    }

    /** Reads a CIFAR folder: every {@code data_batch_*.bin} (or {@code train.bin}) and the test file. */
    public static DatasetSplits readFolder(Path dir) {
        boolean cifar100 = Files.exists(dir.resolve("train.bin"));
        int labelBytes = cifar100 ? 2 : 1;
        List<String> names = classNames(dir, cifar100);
        List<Path> trainFiles = cifar100 ? List.of(dir.resolve("train.bin")) : dataBatches(dir);
        Path testFile = dir.resolve(cifar100 ? "test.bin" : "test_batch.bin");
        ImageStore train = trainFiles.isEmpty() ? null : read(trainFiles, labelBytes, names);
        ImageStore test = Files.exists(testFile) ? read(List.of(testFile), labelBytes, names) : null;
        if (train == null) {
            throw new DatasetException(dir + ": a CIFAR folder needs data_batch_*.bin (or train.bin) to train on");
        }
        return new DatasetSplits((cifar100 ? "cifar100:" : "cifar10:") + dir.getFileName(), train, test);
    }

    /** Reads records from the given files, concatenated. */
    public static ImageStore read(List<Path> files, int labelBytes, List<String> names) {
        List<byte[]> contents = new ArrayList<>();
        int total = 0;
        int record = labelBytes + PIXELS;
        long declared = 0;
        for (Path f : files) {
            try { // sizes first: a huge (or sparse) file is refused before it is read into memory
                long size = Files.size(f);
                if (size == 0 || size % record != 0) {
                    throw new DatasetException(f + ": " + size + " bytes is not a whole number of " + record + "-byte CIFAR records");
                }
                declared += size / record;
                DataLimits.checkStore(f, declared, PIXELS);
            } catch (IOException e) {
                throw new DatasetException(f + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DatasetException(f + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DatasetException(f + ": " + bytes.length + " bytes is not a whole number of "
                        + record + "-byte CIFAR records");
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (int fi = 0; fi < contents.size(); fi++) {
            byte[] bytes = contents.get(fi);
            for (int off = 0; off < bytes.length; off += record, n++) {
                int label = bytes[off + labelBytes - 1] & 0xFF;
                if (label >= names.size()) {
                    throw new DatasetException(files.get(fi) + ": record " + (off / record) + " has label "
                            + label + " but there are " + names.size() + " classes");
                }
                labels[n] = label;
                System.arraycopy(bytes, off + labelBytes, pixels, n * PIXELS, PIXELS);
            }
        }
        return new ImageStore(pixels, labels, names, null, SIDE, SIDE);
    }

    private static List<Path> dataBatches(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    static List<String> classNames(Path dir, boolean cifar100) {
        for (String file : cifar100 ? List.of("fine_label_names.txt") : List.of("batches.meta.txt")) {
            Path meta = dir.resolve(file);
            if (Files.exists(meta)) {
                try {
                    List<String> names = Files.readAllLines(meta).stream().map(String::strip)
                            .filter(s -> !s.isEmpty()).toList();
                    if (!names.isEmpty()) {
                        return names;
                    }
                } catch (IOException e) {
                    throw new DatasetException(meta + ": cannot read (" + e.getMessage() + ")", e);
                }
            }
        }
        int count = cifar100 ? 100 : 10;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("class " + i);
        }
        return names;
    }
}
