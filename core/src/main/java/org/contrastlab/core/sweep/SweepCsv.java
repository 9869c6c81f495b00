package org.contrastlab.core.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.io.AtomicFiles;

/** A sweep as CSV, one row per run, written whole (a crash never leaves half a table). */
public final class SweepCsv {
    public static final String HEADER = "param,value,knn_top1,random_init,info_nce_nats,info_nce_ceiling,final_loss,steps,seconds,run,"
            + "info_source";

    private SweepCsv() {
    }

    public static String format(List<SweepPoint> points) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (SweepPoint p : points) {
            out.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.1f,%s,%s%n", p.param(), p.value(), p.knnTop1(),
                    p.randomInit(), p.infoNce(), p.infoCeiling(), p.finalLoss(), p.steps(), p.seconds(),
                    p.run().getFileName(), p.infoSource()));
        }
        return out.toString();
    }

    /**
     * The points of a sweep.csv that {@link #write} wrote, each run folder resolved beside the file;
     * another file is refused naming it and the line.
     */
    public static List<SweepPoint> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the sweep (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": not a sweep table (its first line should be " + HEADER + ")");
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] c = lines.get(i).split(",", -1);
            try {
                if (c.length != HEADER.split(",").length) {
                    throw new NumberFormatException(c.length + " cells");
                }
                points.add(new SweepPoint(c[0], num(c[1]), num(c[2]), num(c[3]), num(c[4]), num(c[5]), num(c[6]), Integer.parseInt(c[7]),
                        num(c[8]), file.resolveSibling(c[9]), c[10]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a sweep row (" + e.getMessage() + ")", e);
            }
        }
        return points;
    }

    private static double num(String cell) {
        return Double.parseDouble(cell);
    }

    public static void write(Path file, List<SweepPoint> points) {
        try {
            AtomicFiles.writeString(file, format(points));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the sweep (" + e.getMessage() + ")", e);
        }
    }
}
