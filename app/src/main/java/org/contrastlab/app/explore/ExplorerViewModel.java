package org.contrastlab.app.explore;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.core.embed.KMeans;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;
import org.contrastlab.core.tsne.MapQuality;
import org.contrastlab.core.tsne.Pca;
import org.contrastlab.core.tsne.TSne;

/**
 * The explorer's state and work. One worker embeds the held-out images with a run's backbone
 * (and, to compare, with the same backbone at random initialisation), shows their PCA map at
 * once, then runs t-SNE; the layout of every iteration goes into a slot that the view samples
 * on its own cadence (never one posted update per iteration); at the end each map's quality is
 * measured. A new request cancels the one running.
 */
public final class ExplorerViewModel {
    /** One map: the points' layout (x, y interleaved), what made it, and its quality once known. */
    public record MapFrame(double[] layout, String stage, int iteration) {
    }

    /** The two panels: the trained backbone's map and (when comparing) the random-init one. */
    public static final int TRAINED = 0;
    public static final int RANDOM = 1;
    /** Fewer points than this cannot be mapped (t-SNE's perplexity needs about 3 neighbours per unit). */
    static final int MIN_POINTS = 5;

    private final Executor worker;
    /** Where results reach the observable state: the FX thread in the window, the caller in tests. */
    private final UiExecutor fx;
    @SuppressWarnings("unchecked")
    private final AtomicReference<MapFrame>[] frames = new AtomicReference[] {new AtomicReference<>(), new AtomicReference<>()};
    private final StringProperty status = new SimpleStringProperty("open a run to map its embeddings of the held-out images");
    private final StringProperty[] quality = {new SimpleStringProperty(""), new SimpleStringProperty("")};
    private final StringProperty[] title = {new SimpleStringProperty("trained"), new SimpleStringProperty("random initialisation")};
    private final ObjectProperty<Embeddings> embeddings = new SimpleObjectProperty<>();
    private final ObjectProperty<int[]> neighbours = new SimpleObjectProperty<>(new int[0]);
    private final AtomicInteger generation = new AtomicInteger();
    private boolean opened;
    private volatile MapQuality[] measured = new MapQuality[2];
    private volatile Embeddings[] current = new Embeddings[2];
    /** Each panel's first three principal components (x, y, z interleaved), for the 3-D view. */
    private volatile double[][] pca3 = new double[2][];
    // FX-thread state
    private ImageStore images;
    private String imagesName = "";
    private int limit = 2000;
    private double perplexity = 30;
    private boolean compare = true;

    public ExplorerViewModel(Executor worker) {
        this(worker, UiExecutor.FX);
    }

    /** Work on {@code worker}; its results posted through {@code fx}. */
    public ExplorerViewModel(Executor worker, UiExecutor fx) {
        this.worker = worker;
        this.fx = fx;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty qualityProperty(int panel) {
        return quality[panel];
    }

    /** What a panel shows: the run, and the other run or the random initialisation. */
    public StringProperty titleProperty(int panel) {
        return title[panel];
    }

    /** The trained backbone's embeddings being mapped (FX thread). */
    public ObjectProperty<Embeddings> embeddingsProperty() {
        return embeddings;
    }

    /** The clicked point's nearest neighbours in the embedding space (not on the map), nearest first. */
    public ObjectProperty<int[]> neighboursProperty() {
        return neighbours;
    }

    /** The newest layout of a panel, or null; any thread. */
    public MapFrame frame(int panel) {
        return frames[panel].get();
    }

    /** A panel's points on their first three principal components (x, y, z interleaved), or null before. */
    public double[] pca3d(int panel) {
        return pca3[panel];
    }

    /** The quality of a panel's finished t-SNE map (null before). */
    public MapQuality measured(int panel) {
        return measured[panel];
    }

    /** The images the points stand for (the held-out split, at most {@link #limit()} of them). */
    public ImageStore images() {
        return images;
    }

    public void setImages(ImageStore store, String name) {
        fx.check("ExplorerViewModel.setImages");
        images = store;
        imagesName = name;
    }

    public int limit() {
        return limit;
    }

    public void setLimit(int points) {
        fx.check("ExplorerViewModel.setLimit");
        limit = points;
    }

    public void setPerplexity(double p) {
        fx.check("ExplorerViewModel.setPerplexity");
        perplexity = p;
    }

    /** Whether a second map shows the same backbone at random initialisation. */
    public void setCompare(boolean on) {
        fx.check("ExplorerViewModel.setCompare");
        compare = on;
    }

    /** Whether a run was opened (its map may still be computing). */
    public boolean hasRun() {
        return opened;
    }

    /**
     * Embeds and maps the held-out images with {@code run}'s backbone (and its random init when
     * comparing); {@code run} may also be a weights file (a published ViT or ResNet).
     */
    public void open(Path run) {
        fx.check("ExplorerViewModel.open");
        open(run, null);
    }

    /**
     * Embeds and maps the held-out images with {@code run}'s backbone and, in the second panel,
     * with {@code other}'s (another run: two methods, or two stages) or, when it is null and
     * comparing is on, with the same backbone at random initialisation.
     */
    public void open(Path run, Path other) {
        fx.check("ExplorerViewModel.open");
        if (images == null) {
            status.set("the dataset is still loading");
            return;
        }
        if (images.size() < MIN_POINTS) {
            status.set("cannot map " + run.getFileName() + ": the held-out split of " + imagesName + " has "
                    + (images.size() == 0 ? "no images" : "only " + images.size() + " image(s)")
                    + "; a map needs at least " + MIN_POINTS + " (open a dataset with a test split)");
            return;
        }
        opened = true;
        int gen = generation.incrementAndGet();
        ImageStore points = images.head(limit);
        double perp = perplexity;
        boolean both = compare || other != null;
        title[TRAINED].set("trained: " + run.getFileName());
        boolean file = Files.isRegularFile(run);
        title[TRAINED].set((file ? "weights: " : "trained: ") + run.getFileName());
        title[RANDOM].set(other != null ? "trained: " + other.getFileName()
                : file ? "a weights file has no random initialisation to compare" : "random initialisation of " + run.getFileName());
        frames[TRAINED].set(null);
        frames[RANDOM].set(null);
        quality[TRAINED].set("");
        quality[RANDOM].set("");
        measured = new MapQuality[2];
        pca3 = new double[2][];
        status.set("embedding " + points.size() + " images of " + imagesName + " with " + run.getFileName() + " …");
        worker.execute(() -> compute(gen, run, other, points, perp, both));
    }

    /** Stops the map being computed (its last layout stays). */
    public void cancel() {
        fx.check("ExplorerViewModel.cancel");
        generation.incrementAndGet();
        status.set("stopped");
    }

    /** k-means clusters of the trained embeddings (one per point), computed on the worker and handed to {@code onFx}. */
    public void clusters(int k, Consumer<int[]> onFx) {
        fx.check("ExplorerViewModel.clusters");
        Embeddings e = current[TRAINED];
        if (e == null) {
            return;
        }
        worker.execute(() -> {
            int[] groups = KMeans.cluster(e.values(), e.n(), e.d(), k, 1);
            fx.execute(() -> onFx.accept(groups));
        });
    }

    /** Finds the nearest neighbours of point {@code i} in the trained embedding space, on the worker. */
    public void showNeighbours(int i, int k) {
        fx.check("ExplorerViewModel.showNeighbours");
        Embeddings e = current[TRAINED];
        if (e == null || i < 0 || i >= e.n()) {
            neighbours.set(new int[0]);
            return;
        }
        worker.execute(() -> {
            int[] near = nearest(e, i, k);
            fx.execute(() -> neighbours.set(near));
        });
    }

    private void compute(int gen, Path run, Path other, ImageStore points, double perp, boolean both) {
        try (NDManager manager = NDManager.newBaseManager()) {
            String key = imagesName + "-test";
            Embeddings trained;
            Embeddings random = other == null ? null
                    : Embeddings.cached(other, key, false, TrainingModel.load(RunDirectory.open(other), manager, false), points, manager);
            if (Files.isRegularFile(run)) { // a published weights file: no run folder to cache in, no random init
                trained = Embeddings.of(TrainingModel.openWeights(run, null, null, null, manager).loaded(), points, manager);
                both = random != null;
            } else {
                RunDirectory dir = RunDirectory.open(run);
                trained = Embeddings.cached(run, key, false, TrainingModel.load(dir, manager, false), points, manager);
                if (both && other == null) {
                    random = Embeddings.cached(run, key, true, TrainingModel.load(dir, manager, true), points, manager);
                }
            }
            current = new Embeddings[] {trained, random};
            fx.execute(() -> embeddings.set(trained));
            double[][] three = new double[2][];
            for (int panel = 0; panel < (both ? 2 : 1); panel++) {
                Embeddings e = panel == TRAINED ? trained : random;
                int dims = Math.min(3, e.d());
                double[] pca = Pca.fit(e.values(), e.n(), e.d(), dims, manager).project(e.values(), e.n());
                double[] flat = new double[2 * e.n()];
                three[panel] = new double[3 * e.n()];
                for (int i = 0; i < e.n(); i++) {
                    for (int k = 0; k < dims; k++) {
                        three[panel][3 * i + k] = pca[dims * i + k];
                    }
                    flat[2 * i] = pca[dims * i];
                    flat[2 * i + 1] = dims > 1 ? pca[dims * i + 1] : 0;
                }
                frames[panel].set(new MapFrame(flat, "PCA", 0));
            }
            pca3 = three;
            for (int panel = 0; panel < (both ? 2 : 1) && gen == generation.get(); panel++) {
                int p = panel;
                Embeddings e = panel == TRAINED ? trained : random;
                String which = panel == TRAINED ? run.getFileName().toString() : other != null ? other.getFileName().toString()
                        : "random init";
                post(gen, "t-SNE of the " + which + " embeddings …");
                TSne.Config config = TSne.Config.defaults().withPerplexity(Math.min(perp, (e.n() - 2) / 3.0));
                TSne.Result r = TSne.run(e.values(), e.n(), e.d(), config, manager, () -> gen != generation.get(),
                        (it, y, kl) -> frames[p].set(new MapFrame(y.clone(), "t-SNE", it)));
                if (r.cancelled()) {
                    return;
                }
                MapQuality q = MapQuality.measure(e.values(), e.n(), e.d(), r.layout(), e.labels(), 10, 2000, 1, manager);
                MapQuality[] m = measured.clone();
                m[p] = q;
                measured = m;
                String line = String.format(Locale.ROOT, "%s · KL %.3f · trustworthiness %.3f · 10-NN kept %.3f · 2-D kNN accuracy %.3f",
                        which, r.kl(), q.trustworthiness(), q.knnPreserved(), q.knnAccuracy());
                fx.execute(() -> {
                    if (gen == generation.get()) {
                        quality[p].set(line);
                    }
                });
            }
            post(gen, String.format(Locale.ROOT, "%d images of %s by %s (perplexity %s)", points.size(), imagesName, run.getFileName(),
                    perp));
        } catch (RuntimeException ex) {
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            post(gen, "cannot map " + run + ": " + message);
        }
    }

    private void post(int gen, String text) {
        fx.execute(() -> {
            if (gen == generation.get()) {
                status.set(text);
            }
        });
    }

    /** The k rows most similar to row i (cosine: the rows are unit length), i left out. */
    static int[] nearest(Embeddings e, int i, int k) {
        int d = e.d();
        float[] v = e.values();
        double[] sim = new double[e.n()];
        for (int j = 0; j < e.n(); j++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += v[i * d + t] * v[j * d + t];
            }
            sim[j] = j == i ? Double.NEGATIVE_INFINITY : s;
        }
        return IntStream.range(0, e.n()).boxed().sorted((a, b) -> Double.compare(sim[b], sim[a]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
