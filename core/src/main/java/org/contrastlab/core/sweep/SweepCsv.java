package org.contrastlab.core.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.io.AtomicFiles;

/** A sweep as CSV, one row per run, written whole (a crash never leaves half a table). */
public final class SweepCsv {
    public static final String HEADER = "param,value,knn_top1,random_init,info_nce_nats,info_nce_ceiling,final_loss,steps,seconds,run";

    private SweepCsv() {
    }

    public static String format(List<SweepPoint> points) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (SweepPoint p : points) {
            out.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.1f,%s%n", p.param(), p.value(), p.knnTop1(),
                    p.randomInit(), p.infoNce(), p.infoCeiling(), p.finalLoss(), p.steps(), p.seconds(),
                    p.run().getFileName()));
        }
        return out.toString();
    }

    public static void write(Path file, List<SweepPoint> points) {
        try {
            AtomicFiles.writeString(file, format(points));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the sweep (" + e.getMessage() + ")", e);
        }
    }
}
