package org.contrastlab.core.embed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.contrastlab.core.io.AtomicFiles;

/**
 * A map's coordinates as CSV, one row per point: {@code index,label,class,x,y}, and a second
 * map's coordinates as two more columns {@code <name>_x,<name>_y} when there is one.
 */
public final class MapCsv {
    private MapCsv() {
    }

    /** @param second the second map's layout, or null; {@code secondName} names its columns */
    public static void write(Path file, Embeddings e, double[] layout, double[] second, String secondName) {
        StringBuilder sb = new StringBuilder("index,label,class,x,y" + (second != null ? "," + secondName + "_x," + secondName + "_y" : "")
                + "\n");
        for (int i = 0; i < e.n(); i++) {
            sb.append(e.indices()[i]).append(',').append(e.labels()[i]).append(',').append(e.className(i))
                    .append(String.format(Locale.ROOT, ",%.5f,%.5f", layout[2 * i], layout[2 * i + 1]));
            if (second != null) {
                sb.append(String.format(Locale.ROOT, ",%.5f,%.5f", second[2 * i], second[2 * i + 1]));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
