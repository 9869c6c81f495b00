package org.contrastlab.app.attention;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.data.ImageDecoder;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.viewer.AttentionModel;

/**
 * The attention viewer's state and its work. The FX thread only sets what to show; a single
 * worker opens models, runs the ViT and colours the tiles, newest request first (a moving
 * slider costs one figure per figure the machine can make), and hands each figure back as
 * pixels in one posted update.
 */
public final class AttentionViewModel {
    /** What the view shows: the tiles and how the image maps to patches (for hovering). */
    public record Figure(List<AttentionFigure.Tile> tiles, int gridH, int gridW, int patch, int width, int height, String about) {
    }

    /** What to compute: the model, the picture, the layer and how to draw. */
    private record Request(Path model, int version, ImageStore picture, String pictureName, int layer, AttentionFigure.Settings settings) {
    }

    private final Executor worker;
    /** Where results reach the observable state: the FX thread in the window, the caller in tests. */
    private final UiExecutor fx;
    private final ObjectProperty<Figure> figure = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("open a run with a ViT or Swin backbone, or a ViT weights file "
            + "(safetensors, or PyTorch: DINO, MoCo v3)");
    private final IntegerProperty layers = new SimpleIntegerProperty(0);
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicBoolean working = new AtomicBoolean();
    private final AtomicReference<Figure> unposted = new AtomicReference<>();
    private final AtomicInteger figures = new AtomicInteger();
    private final ProbeStrip probes;
    // FX-thread state
    private Path model;
    /** Bumped when the model at the same path must be read again (a new checkpoint of a followed run). */
    private int version;
    private boolean follow;
    private ImageStore picture;
    private String pictureName = "";
    private int layer = -1;
    private int query;
    private volatile boolean mask;
    private volatile double mass = 0.6;
    private volatile double alpha = 0.6;
    private volatile boolean smooth;
    private boolean grid;
    // worker-thread state
    private NDManager manager;
    private AttentionModel open;
    private Path openPath;
    private int openVersion;
    private AttentionModel.Look cached;
    private Object cachedKey;

    public AttentionViewModel(Executor worker) {
        this(worker, UiExecutor.FX);
    }

    /** Work on {@code worker}; its results posted through {@code fx}. */
    public AttentionViewModel(Executor worker, UiExecutor fx) {
        this.worker = worker;
        this.fx = fx;
        this.probes = new ProbeStrip(worker, fx, () -> new AttentionFigure.Settings(0, mask, mass, alpha, smooth, false));
    }

    /** The probe images followed while a run trains (shown while following). */
    public ProbeStrip probes() {
        return probes;
    }

    public ObjectProperty<Figure> figureProperty() {
        return figure;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** The number of blocks of the open ViT (0 before one is open). */
    public IntegerProperty layersProperty() {
        return layers;
    }

    /** Figures computed so far, shown or not (for tests). Any thread. */
    public int figureCount() {
        return figures.get();
    }

    /** Whether a model (run or weights file) is open. FX thread. */
    public boolean hasModel() {
        return model != null;
    }

    public void openModel(Path path) {
        fx.check("AttentionViewModel.openModel");
        model = path;
        version++;
        query = 0;
        refresh();
    }

    /** Whether the maps follow the run being trained, refreshed at each of its checkpoints. */
    public void setFollow(boolean follow) {
        fx.check("AttentionViewModel.setFollow");
        this.follow = follow;
        probes.setEnabled(follow);
    }

    /** A checkpoint of a run being trained was written; when following, its maps are shown for the same image. FX thread. */
    public void checkpointWritten(Path run, int step) {
        fx.check("AttentionViewModel.checkpointWritten");
        if (follow) {
            model = run;
            version++;
            refresh();
        }
    }

    /** Shows image {@code i} of a dataset split. */
    public void showImage(ImageStore store, int i, String name) {
        fx.check("AttentionViewModel.showImage");
        picture = store.subset(new int[] {i});
        pictureName = name;
        query = 0;
        refresh();
    }

    /** Shows an image file (read on the worker; a file that cannot be read is reported, nothing else changes). */
    public void showFile(Path file) {
        fx.check("AttentionViewModel.showFile");
        worker.execute(() -> {
            try {
                ImageStore read = ImageDecoder.single(file, 256);
                fx.execute(() -> showImage(read, 0, file.getFileName().toString()));
            } catch (RuntimeException e) {
                fx.execute(() -> status.set(file + ": " + e.getMessage()));
            }
        });
    }

    public void setLayer(int layer) {
        fx.check("AttentionViewModel.setLayer");
        this.layer = layer;
        refresh();
    }

    public void setMask(boolean mask) {
        fx.check("AttentionViewModel.setMask");
        this.mask = mask;
        refresh();
    }

    public void setMass(double mass) {
        fx.check("AttentionViewModel.setMass");
        this.mass = mass;
        refresh();
    }

    public void setAlpha(double alpha) {
        fx.check("AttentionViewModel.setAlpha");
        this.alpha = alpha;
        refresh();
    }

    public void setSmooth(boolean smooth) {
        fx.check("AttentionViewModel.setSmooth");
        this.smooth = smooth;
        refresh();
    }

    public void setGrid(boolean grid) {
        fx.check("AttentionViewModel.setGrid");
        this.grid = grid;
        refresh();
    }

    /** Shows where token {@code token} attends (0: the CLS token; a patch token while hovering). */
    public void setQuery(int token) {
        fx.check("AttentionViewModel.setQuery");
        if (token != query) {
            query = token;
            refresh();
        }
    }

    private void refresh() {
        if (model == null || picture == null) {
            return;
        }
        submit(new Request(model, version, picture, pictureName, layer, new AttentionFigure.Settings(query, mask, mass, alpha, smooth,
                grid)));
    }

    private void submit(Request r) {
        pending.set(r);
        if (working.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (Request r; (r = pending.getAndSet(null)) != null; ) {
                publish(compute(r));
            }
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            fx.execute(() -> status.set("cannot show the attention: " + message));
        } finally {
            working.set(false);
            if (pending.get() != null && working.compareAndSet(false, true)) {
                worker.execute(this::drain);
            }
        }
    }

    /** Worker thread: opens the model if new, runs the ViT if the picture or layer changed, colours the tiles. */
    private Figure compute(Request r) {
        if (!r.model().equals(openPath) || r.version() != openVersion) {
            if (manager != null) {
                manager.close();
            }
            manager = NDManager.newBaseManager();
            openPath = null;
            cached = null;
            open = AttentionModel.open(r.model(), manager);
            openPath = r.model();
            openVersion = r.version();
            int blocks = open.layers();
            fx.execute(() -> layers.set(blocks));
        }
        PatchedPicture cut = open.cut(r.picture(), r.pictureName());
        Object key = List.of(r.picture(), r.layer());
        if (cached == null || !key.equals(cachedKey)) {
            try (NDManager scope = manager.newSubManager()) {
                cached = open.look(cut, r.layer(), new ParameterStore(manager, false), scope);
                cachedKey = key;
            }
        }
        int w = cut.width();
        int h = cut.height();
        int[] argb = cut.argb();
        int query = r.settings().query() < cached.attention().tokens() ? r.settings().query() : 0;
        AttentionFigure.Settings s = r.settings().query() == query ? r.settings()
                : new AttentionFigure.Settings(query, r.settings().mask(), r.settings().mass(), r.settings().alpha(),
                r.settings().smooth(), r.settings().grid());
        List<AttentionFigure.Tile> tiles = AttentionFigure.render(cached, argb, w, h, s);
        figures.incrementAndGet();
        FullAttention a = cached.attention();
        String about = String.format(Locale.ROOT, "%s · %s · %d×%d %s of %d px · %s%s", open.description(), r.pictureName(), a.gridW(),
                a.gridH(), cached.windowOf() == null ? "patches" : "tokens", a.patch(), cached.layer(), cached.windowOf() == null ? ""
                        : " · no CLS token: the first maps are where the tokens look on average; hover a token to see its window");
        return new Figure(tiles, a.gridH(), a.gridW(), a.patch(), w, h, about);
    }

    private void publish(Figure f) {
        if (unposted.getAndSet(f) == null) {
            fx.execute(() -> {
                Figure latest = unposted.getAndSet(null);
                status.set(latest.about()); // first: whoever sees the figure sees its caption
                figure.set(latest);
            });
        }
    }
}
