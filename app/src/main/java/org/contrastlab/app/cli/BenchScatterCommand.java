package org.contrastlab.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench scatter}: how long the explorer's map takes to draw one frame (a
 * redraw after a pan or a t-SNE update, rendered: the plot is snapshotted, which makes JavaFX
 * rasterise what the canvas was told), drawn as one pixel buffer and, as the baseline in the
 * same process, with one canvas command per point. Points: ten Gaussian clusters, as a t-SNE
 * map has. Needs a display (run it under {@code xvfb-run -a} on a machine without one).
 * Its last line is {@code scatter_frame_ms=<pixel-buffer ms per frame at the largest size>}.
 */
@Command(name = "scatter", mixinStandardHelpOptions = true,
        description = "Frame time of the explorer's map at 10k and 70k points; prints scatter_frame_ms=<ms> at the largest size last.")
public final class BenchScatterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--sizes", split = ",", defaultValue = "10000,70000", description = "numbers of points (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;
    @Option(names = "--frames", defaultValue = "40", description = "frames timed per case (default: ${DEFAULT-VALUE})")
    int frames;
    @Option(names = "--3d", description = "time the turning 3-D view instead of the flat map")
    boolean threeD;

    @Override
    public Integer call() throws Exception {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyStarted) {
            // a second bench in the same process
        } catch (RuntimeException | UnsatisfiedLinkError noDisplay) {
            spec.commandLine().getErr().println("JavaFX cannot start here (" + noDisplay.getMessage()
                    + "): run it with a display, e.g. `xvfb-run -a ./contrastlab bench scatter`");
            return 2;
        }
        Platform.setImplicitExit(false);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "plot 900×700 px, %d frames per case, %s map, prism.order=%s%n", frames, threeD ? "3-D" : "flat",
                System.getProperty("prism.order", "(default)"));
        out.println("| points | one command per point, ms/frame | one pixel buffer, ms/frame | speed-up |");
        double last = Double.NaN;
        for (int n : sizes) {
            double vector = ScatterFrames.medianMs(n, true, threeD, frames);
            double raster = ScatterFrames.medianMs(n, false, threeD, frames);
            out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f× |%n", n, vector, raster, vector / raster);
            last = raster;
        }
        Platform.exit();
        out.printf(Locale.ROOT, "scatter_frame_ms=%.1f%n", last);
        return 0;
    }
}
