package org.contrastlab.app.cli;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.contrastlab.visual.ScatterPlot;

/**
 * The frames {@code bench scatter} times, in a class of their own: the command line reflects
 * its command classes at start-up, and the JVM's verifier would then need JavaFX's classes for
 * this code even on a runtime that only trains (e.g. the one carried to the GPU machine).
 */
final class ScatterFrames {
    private ScatterFrames() {
    }

    /** The median time of a rendered frame, in ms. */
    static double medianMs(int n, boolean vector, boolean threeD, int frames) throws Exception {
        Random rng = new Random(7);
        int[] labels = new int[n];
        double[] points = new double[(threeD ? 3 : 2) * n];
        int dims = threeD ? 3 : 2;
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < dims; k++) {
                points[dims * i + k] = 12 * Math.sin(labels[i] * (k + 1.7)) + rng.nextGaussian() * 2.5;
            }
        }
        CompletableFuture<double[]> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                ScatterPlot plot = new ScatterPlot();
                Stage stage = new Stage();
                stage.setScene(new Scene(new StackPane(plot), 900, 700));
                stage.show();
                plot.setVectorDrawing(vector);
                if (threeD) {
                    plot.setPoints3d(points, labels);
                } else {
                    plot.setPoints(points, labels);
                }
                plot.fit();
                WritableImage into = new WritableImage((int) plot.getWidth(), (int) plot.getHeight());
                double[] ms = new double[frames];
                for (int f = -5; f < frames; f++) {
                    long t0 = System.nanoTime();
                    if (threeD) {
                        plot.turn(0.02, 0);
                    } else {
                        plot.redraw();
                    }
                    plot.snapshot(null, into);
                    if (f >= 0) {
                        ms[f] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                stage.close();
                result.complete(ms);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        double[] ms = result.get(10, TimeUnit.MINUTES);
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
