package org.contrastlab.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * Opens a dataset from what a user types: a registered name such as {@code sample:shapes},
 * a CIFAR-10/100 binary folder, an MNIST IDX folder, or an image folder (with {@code train/}
 * and {@code val/} or {@code test/} sub-folders, or one folder whose images are split into
 * training and held-out parts).
 */
public final class Datasets {
    private Datasets() {
    }

    public static DatasetSplits open(String spec, LoadOptions options) {
        if (spec == null || spec.isBlank()) {
            throw new DatasetException("no dataset given: pass a folder, a file or a name such as sample:shapes");
        }
        if (spec.contains(":") && !Files.exists(Path.of(spec)) && !looksLikeWindowsPath(spec)) {
            return provider(spec).load(options);
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new DatasetException(spec + ": no such file or folder");
        }
        if (!Files.isDirectory(path)) {
            if (spec.endsWith(".bin")) {
                List<String> names = CifarBinaryReader.classNames(path.toAbsolutePath().getParent(), false);
                return holdOut("cifar:" + path.getFileName(), CifarBinaryReader.read(List.of(path), 1, names),
                        List.of(), options);
            }
            throw new DatasetException(spec + ": expected a folder of images, a CIFAR/MNIST folder or a CIFAR .bin file");
        }
        if (CifarBinaryReader.recognises(path)) {
            return CifarBinaryReader.readFolder(path);
        }
        if (IdxReader.recognises(path)) {
            return IdxReader.readFolder(path);
        }
        return imageFolder(path, options);
    }

    /** The names of the registered datasets with their descriptions. */
    public static List<DatasetProvider> providers() {
        List<DatasetProvider> all = new ArrayList<>();
        ServiceLoader.load(DatasetProvider.class).forEach(all::add);
        return all;
    }

    private static DatasetProvider provider(String name) {
        List<DatasetProvider> all = providers();
        for (DatasetProvider p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new DatasetException(name + ": no such file or folder, and no built-in dataset of that name (known: "
                + all.stream().map(DatasetProvider::name).toList() + ")");
    }

    private static DatasetSplits imageFolder(Path dir, LoadOptions options) {
        Path train = dir.resolve("train");
        if (Files.isDirectory(train)) {
            Path test = Files.isDirectory(dir.resolve("val")) ? dir.resolve("val")
                    : Files.isDirectory(dir.resolve("test")) ? dir.resolve("test") : null;
            ImageFolderReader.Result tr = ImageFolderReader.read(train, options.storageSize());
            if (test == null) {
                return holdOut(dir.getFileName().toString(), tr.store(), tr.skipped(), options);
            }
            ImageFolderReader.Result te = ImageFolderReader.read(test, options.storageSize());
            List<String> skipped = new ArrayList<>(tr.skipped());
            skipped.addAll(te.skipped());
            if (!te.store().classNames().equals(tr.store().classNames())) {
                throw new DatasetException(test + ": its class folders " + te.store().classNames()
                        + " differ from those of " + train + " " + tr.store().classNames());
            }
            return new DatasetSplits(dir.getFileName().toString(), tr.store(), te.store(), skipped);
        }
        ImageFolderReader.Result all = ImageFolderReader.read(dir, options.storageSize());
        return holdOut(dir.getFileName().toString(), all.store(), all.skipped(), options);
    }

    /** Splits a labelled store into training and held-out parts, per class, deterministically. */
    static DatasetSplits holdOut(String name, ImageStore store, List<String> skipped, LoadOptions options) {
        if (!store.isLabelled() || options.heldOutFraction() == 0) {
            return new DatasetSplits(name, store, null, skipped);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Random rng = new Random(options.seed());
        for (int c = 0; c < store.classNames().size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < store.size(); i++) {
                if (store.label(i) == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            int held = (int) Math.round(members.size() * options.heldOutFraction());
            if (members.size() >= 2) {
                held = Math.max(1, Math.min(held, members.size() - 1));
            } else {
                held = 0;
            }
            test.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        return new DatasetSplits(name, store.subset(toArray(train)), test.isEmpty() ? null : store.subset(toArray(test)), skipped);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean looksLikeWindowsPath(String spec) {
        return spec.length() > 2 && spec.charAt(1) == ':' && Character.isLetter(spec.charAt(0));
    }
}
