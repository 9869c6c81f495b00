package org.contrastlab.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A dataset as training uses it: a training split, a labelled held-out split for evaluation
 * (absent for unlabelled data), a display name, and the files that were skipped because they
 * could not be decoded (each as "path: reason").
 */
public record DatasetSplits(String name, ImageStore train, ImageStore test, List<String> skipped) {
    public DatasetSplits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        skipped = List.copyOf(skipped);
        if (train.size() == 0) {
            throw new DatasetException(name + ": the dataset holds no images");
        }
    }

    public DatasetSplits(String name, ImageStore train, ImageStore test) {
        this(name, train, test, List.of());
    }

    /** True when a labelled evaluation split exists, so kNN accuracy can be measured. */
    public boolean hasLabelledTest() {
        return test != null && test.isLabelled();
    }
}
