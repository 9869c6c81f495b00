package org.contrastlab.app.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.train.StepObserver;
import org.contrastlab.core.viewer.AttentionProbe;

/**
 * A few fixed probe images followed while a ViT trains: every N steps the training thread reads
 * their attention (one small batch, {@link AttentionProbe}), the viewer's worker colours it, and
 * one posted update adds a row to the strip: the first row (the untrained model) stays, with the
 * newest {@value #KEPT} after it, so a class sees the segmentation appear.
 */
public final class ProbeStrip {
    /** The newest rows kept besides the first. */
    static final int KEPT = 3;
    /** How many probe images: one of each of the first classes. */
    static final int PROBES = 6;

    /** The probes' maps after {@code step} steps, one tile per probe. */
    public record Row(int step, List<AttentionFigure.Tile> tiles) {
    }

    private final Executor worker;
    private final Executor fx;
    private final Supplier<AttentionFigure.Settings> settings;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private volatile ImageStore probes;
    private volatile int every = 20;
    private volatile boolean enabled;

    /**
     * Rendering on {@code worker}; rows added through {@code fx} (the FX thread in the window).
     *
     * @param settings how the viewer draws now (mask or blend, mass, smoothing); read on the worker
     */
    ProbeStrip(Executor worker, Executor fx, Supplier<AttentionFigure.Settings> settings) {
        this.fx = fx;
        this.worker = worker;
        this.settings = settings;
    }

    /** The rows, oldest first (FX thread). */
    public ObservableList<Row> rows() {
        return rows;
    }

    /** Picks the probes from {@code store} (a held-out split). */
    public void setImages(ImageStore store) {
        probes = store.subset(AttentionProbe.choose(store, PROBES));
    }

    public void setEvery(int steps) {
        every = steps;
    }

    public int every() {
        return every;
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    /** What a training run calls between its steps; does nothing while the strip is off or for a backbone with no attention. */
    public StepObserver observer() {
        return (step, live) -> {
            ImageStore p = probes;
            if (p != null && enabled) {
                new AttentionProbe(p, () -> every, r -> worker.execute(() -> render(p, r))).look(step, live);
            }
        };
    }

    /** Worker: colours one reading and posts it as a row. */
    private void render(ImageStore p, AttentionProbe.Probed reading) {
        AttentionFigure.Settings s = settings.get();
        List<AttentionFigure.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < reading.maps().size(); i++) {
            FullAttention a = reading.maps().get(i);
            PatchedPicture cut = PatchedPicture.of(p, a.patch(), "probe", "");
            String label = p.isLabelled() && p.label(i) >= 0 && p.label(i) < p.classNames().size() ? p.classNames().get(p.label(i))
                    : "probe " + i;
            tiles.add(AttentionFigure.mean(a, cut.argb(i), cut.width(), cut.height(), s, label));
        }
        Row row = new Row(reading.step(), List.copyOf(tiles));
        fx.execute(() -> add(row));
    }

    /** FX thread: a row of a new run (its step not after the last) starts the strip again. */
    private void add(Row row) {
        if (!rows.isEmpty() && row.step() <= rows.get(rows.size() - 1).step()) {
            rows.clear();
        }
        rows.add(row);
        if (rows.size() > KEPT + 1) {
            rows.remove(1);
        }
    }
}
