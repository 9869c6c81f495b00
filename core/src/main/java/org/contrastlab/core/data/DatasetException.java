package org.contrastlab.core.data;

/** A dataset that cannot be read, with a message that names the file and the problem. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
