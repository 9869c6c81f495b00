package org.contrastlab.core.data;

/**
 * A named dataset that is not a path, such as the built-in {@code sample:shapes}. Found with
 * {@link java.util.ServiceLoader}, so modules that ship data register themselves in
 * {@code META-INF/services/org.contrastlab.core.data.DatasetProvider}.
 */
public interface DatasetProvider {
    /** The name users type, e.g. {@code sample:shapes}. */
    String name();

    /** One line saying what the dataset is. */
    String description();

    /** Loads (generating or downloading into a cache on first use where needed). */
    DatasetSplits load(LoadOptions options);
}
