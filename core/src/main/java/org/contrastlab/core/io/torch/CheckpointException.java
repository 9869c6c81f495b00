package org.contrastlab.core.io.torch;

import java.io.IOException;

/** A checkpoint refused or unreadable; the message names the file and what is wrong with it. */
public final class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }
}
