package org.contrastlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.contrastlab.core.augment.ViewParams;
import org.contrastlab.core.augment.ViewPreview;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.visual.ImageGridView;
import org.contrastlab.visual.ImageTile;

/**
 * A few images of the dataset, each with its first views drawn by the training recipe, made in the
 * background with the same batched ops as training; "Re-roll" draws new views.
 */
public final class PreviewPanel extends VBox {
    private static final int IMAGES = 6;
    private final ImageGridView grid = new ImageGridView(72);
    private final Executor executor;
    private final Executor fx;
    private final AtomicLong seed = new AtomicLong(7);
    /** The latest request: an older one's views arriving late are dropped. */
    private final AtomicLong generation = new AtomicLong();
    private ImageStore store;
    private ViewRecipe recipe;
    private final Label title = new Label("Images and their views");

    /**
     * @param executor makes the views (a worker)
     * @param fx runs on the FX thread ({@code Platform::runLater} in the app)
     */
    public PreviewPanel(Executor executor, Executor fx) {
        this.executor = executor;
        this.fx = fx;
        setSpacing(4);
        setPadding(new Insets(8));
        title.setStyle("-fx-font-weight: bold;");
        Button reroll = new Button("Re-roll views");
        reroll.setId("reroll-button");
        reroll.setOnAction(e -> refresh(seed.incrementAndGet()));
        grid.setId("preview-grid");
        getChildren().addAll(title, grid, reroll);
    }

    /** Shows views of the first images of {@code images}. FX thread. */
    public void show(ImageStore images, ViewRecipe viewRecipe) {
        this.store = images;
        this.recipe = viewRecipe;
        title.setText("Images and their views (" + viewRecipe.name() + ")");
        refresh(seed.get());
    }

    private void refresh(long s) {
        if (store == null) {
            return;
        }
        ImageStore images = store;
        ViewRecipe r = recipe;
        long mine = generation.incrementAndGet();
        executor.execute(() -> {
            int n = Math.min(IMAGES, images.size());
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            List<List<ViewPreview.View>> views = ViewPreview.make(images.subset(idx), r, s);
            List<List<ImageTile>> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<ImageTile> row = new ArrayList<>();
                int label = images.label(i);
                row.add(new ImageTile(images.argb(i), images.width(), images.height(),
                        label < 0 ? "image" : images.classNames().get(label)));
                for (ViewPreview.View v : views.get(i).subList(0, Math.min(3, views.get(i).size()))) {
                    row.add(new ImageTile(v.argb(), v.size(), v.size(), caption(v.params())));
                }
                rows.add(row);
            }
            fx.execute(() -> {
                if (generation.get() == mine) {
                    grid.setRows(rows);
                }
            });
        });
    }

    private static String caption(ViewParams p) {
        String s = p.cropWidth() + "×" + p.cropHeight() + (p.flip() ? " flip" : "");
        if (p.jittered()) {
            s += " jit";
        }
        if (p.grayscale()) {
            s += " grey";
        }
        if (p.blurred()) {
            s += " blur";
        }
        return s;
    }

    public ImageGridView grid() {
        return grid;
    }
}
