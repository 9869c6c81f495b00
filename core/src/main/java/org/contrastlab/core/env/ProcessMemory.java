package org.contrastlab.core.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, which includes libtorch's native allocations. */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Resident set size in bytes, or -1 where the OS does not say (non-Linux). */
    public static long residentBytes() {
        return status("VmRSS:");
    }

    /** The most the resident set has been since the process started (VmHWM), in bytes, or -1. */
    public static long peakResidentBytes() {
        return status("VmHWM:");
    }

    private static long status(String field) {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    String kb = line.substring(field.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
