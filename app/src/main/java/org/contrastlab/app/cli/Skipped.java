package org.contrastlab.app.cli;

import java.io.PrintWriter;
import org.contrastlab.core.data.DatasetSplits;

/** Every command that reads a data set says which files it skipped and why, one line each. */
final class Skipped {
    private Skipped() {
    }

    static DatasetSplits report(DatasetSplits splits, PrintWriter err) {
        splits.skipped().forEach(s -> err.println("skipped " + s));
        err.flush();
        return splits;
    }
}
