package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.contrastlab.core.train.TrainingEvent;
import org.contrastlab.core.train.TrainingListener;

/**
 * A progress bar on standard error: redrawn in place on a terminal, one line per tenth of the
 * run otherwise (logs and CI), with loss, learning rate and images per second.
 */
final class ProgressPrinter implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean interactive;
    private int lastReported = -1;
    private boolean open;

    ProgressPrinter(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted s) {
            int tenth = s.step() * 10 / s.totalSteps();
            if (interactive || tenth != lastReported || s.step() == 1) {
                lastReported = tenth;
                int filled = s.step() * WIDTH / s.totalSteps();
                String line = String.format(Locale.ROOT, "[%s%s] %d/%d  epoch %d  loss %.4f  lr %.4f  %.0f img/s  rss %d MB",
                        "#".repeat(filled), ".".repeat(WIDTH - filled), s.step(), s.totalSteps(), s.epoch(), s.loss(),
                        s.learningRate(), s.imagesPerSecond(), s.residentBytes() >> 20);
                if (interactive) {
                    err.print("\r" + line);
                    open = true;
                } else {
                    err.println(line);
                }
                err.flush();
            }
        } else if (event instanceof TrainingEvent.Evaluated e) {
            finish();
            err.printf(Locale.ROOT, "step %d: kNN top-1 %.4f (bank %d, queries %d)%n", e.step(), e.knnTop1(), e.bankSize(), e.querySize());
            err.flush();
        } else if (event instanceof TrainingEvent.Warned w) {
            finish();
            err.println("warning: " + w.message());
            err.flush();
        } else if (event instanceof TrainingEvent.Noticed n) {
            finish();
            err.println("note: " + n.message());
            err.flush();
        } else if (event instanceof TrainingEvent.Initialised i) {
            finish();
            err.println("backbone initialised from " + i.description());
            err.flush();
        } else if (event instanceof TrainingEvent.AttentionScored a) {
            finish();
            err.printf(Locale.ROOT, "step %d: attention Jaccard %.4f (best head, %d held-out images)%n", a.step(), a.jaccard(), a.images());
            err.flush();
        }
    }

    void finish() {
        if (open) {
            err.println();
            open = false;
        }
    }
}
