package org.contrastlab.app.augment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.augment.InvalidRecipeException;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.ImageDecoder;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.visual.ImageTile;

/**
 * The augmentation studio's state: the recipe being edited, the images it is tried on, the
 * seed, and the latest rendered grid. Every change asks a {@link LatestRenderLoop} for a
 * render in the background; the newest request wins.
 */
public final class StudioViewModel {
    /** Frame colours of global and local views, and of their crop boxes on the original. */
    public static final int GLOBAL_ARGB = 0xFF2E9D4A;
    public static final int LOCAL_ARGB = 0xFFE67E22;
    static final int MAX_SOURCES = 8;
    private static final int FILE_MAX_SIDE = 320;

    private final Executor executor;
    private final UiExecutor fx;
    private final Function<ViewRecipe, String> trainingSink;
    private final ReadOnlyObjectWrapper<ViewRecipe> recipe = new ReadOnlyObjectWrapper<>(ViewRecipes.byName("simclr-cifar"));
    private final IntegerProperty selectedGroup = new SimpleIntegerProperty(0);
    private final BooleanProperty locked = new SimpleBooleanProperty(true);
    private final BooleanProperty pipeline = new SimpleBooleanProperty(false);
    private final BooleanProperty labChannels = new SimpleBooleanProperty(false);
    private final BooleanProperty patchGrid = new SimpleBooleanProperty(false);
    private final ReadOnlyLongWrapper seed = new ReadOnlyLongWrapper(1);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<List<ImageTile>>> rows = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyIntegerWrapper frames = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper lastRenderMillis = new ReadOnlyDoubleWrapper();
    private final LatestRenderLoop renders;
    private final Random seeds = new Random();
    private ImageStore dataset;
    private String datasetName = "";
    private int nextId;

    /**
     * @param trainingSink takes a recipe for the next training runs; returns null, or why it
     *                     cannot be trained with
     */
    public StudioViewModel(Executor executor, Function<ViewRecipe, String> trainingSink) {
        this(executor, null, trainingSink);
    }

    /** With a {@code helper} executor, renders split their images over two threads. */
    public StudioViewModel(Executor executor, Executor helper, Function<ViewRecipe, String> trainingSink) {
        this(executor, helper, UiExecutor.FX, trainingSink);
    }

    /** As above, its results posted through {@code fx} (the FX thread in the window, the caller in tests). */
    public StudioViewModel(Executor executor, Executor helper, UiExecutor fx, Function<ViewRecipe, String> trainingSink) {
        this.executor = executor;
        this.fx = fx;
        this.renders = new LatestRenderLoop(executor, helper, fx, result -> {
            rows.set(result.rows());
            lastRenderMillis.set(result.millis());
            frames.set(frames.get() + 1);
        }, message::set);
        this.trainingSink = trainingSink;
        pipeline.addListener((o, a, b) -> render());
        labChannels.addListener((o, a, b) -> render());
        patchGrid.addListener((o, a, b) -> render());
        selectedGroup.addListener((o, a, b) -> {
            if (pipeline.get()) {
                render();
            }
        });
    }

    /** The dataset to pick images from; shows four of its images spread over it. FX thread. */
    public void setDataset(ImageStore images, String name) {
        fx.check("StudioViewModel.setDataset");
        this.dataset = images;
        this.datasetName = name;
        sources.clear();
        int n = Math.min(4, images.size());
        for (int k = 0; k < n; k++) {
            addFromDataset(k * (images.size() / n));
        }
        render();
    }

    /** Adds image {@code index} of the dataset. FX thread. */
    public void addFromDataset(int index) {
        fx.check("StudioViewModel.addFromDataset");
        if (dataset == null || index < 0 || index >= dataset.size()) {
            message.set(dataset == null ? "no dataset loaded" : "image " + index + " is outside 0.." + (dataset.size() - 1));
            return;
        }
        int label = dataset.label(index);
        String caption = "#" + index + (label < 0 ? "" : " " + dataset.classNames().get(label));
        addSource(caption, dataset.subset(new int[] {index}));
    }

    /** Adds a random image of the dataset. FX thread. */
    public void addRandomFromDataset() {
        fx.check("StudioViewModel.addRandomFromDataset");
        if (dataset != null) {
            addFromDataset(seeds.nextInt(dataset.size()));
        }
    }

    /**
     * Adds image files (dropped onto the window or chosen): decoded in the background; a file
     * that cannot be read is reported by name and the others are still added. FX thread.
     */
    public void addFiles(List<Path> files) {
        fx.check("StudioViewModel.addFiles");
        executor.execute(() -> {
            List<String> problems = new ArrayList<>();
            List<Source> decoded = new ArrayList<>();
            for (Path f : files) {
                try {
                    decoded.add(new Source(-1, f.getFileName().toString(), ImageDecoder.single(f, FILE_MAX_SIDE)));
                } catch (DatasetException | IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            fx.execute(() -> {
                decoded.forEach(s -> addSource(s.caption(), s.image()));
                message.set(problems.isEmpty() ? "" : "skipped " + String.join("; ", problems));
            });
        });
    }

    public void removeSource(int i) {
        fx.check("StudioViewModel.removeSource");
        if (i >= 0 && i < sources.size()) {
            sources.remove(i);
            render();
        }
    }

    private void addSource(String caption, ImageStore image) {
        if (sources.size() >= MAX_SOURCES) {
            sources.remove(0);
        }
        sources.add(new Source(nextId++, caption, image));
        render();
    }

    /** Replaces the recipe (a preset, a loaded file); a new seed unless the seed is locked. FX thread. */
    public void setRecipe(ViewRecipe r) {
        fx.check("StudioViewModel.setRecipe");
        recipe.set(r);
        if (selectedGroup.get() >= r.groups().size()) {
            selectedGroup.set(0);
        }
        changed();
    }

    public void applyPreset(String name) {
        fx.check("StudioViewModel.applyPreset");
        setRecipe(ViewRecipes.byName(name));
        labChannels.set(name.equals("cmc")); // CMC's views are the colour channels of its crop
        patchGrid.set(name.equals("cpc") || name.startsWith("infomin-jigsaw")); // CPC's grid, InfoMin's jigsaw patches
        message.set(ViewRecipes.all().stream().filter(p -> p.name().equals(name)).findFirst().map(ViewRecipes.Preset::description)
                .orElse(""));
    }

    /**
     * Edits the selected group; a value the recipe refuses is not taken, and the message says
     * which field and why. Returns whether the edit was taken. FX thread.
     */
    public boolean editGroup(UnaryOperator<ViewGroup.Builder> edit) {
        fx.check("StudioViewModel.editGroup");
        ViewRecipe r = recipe.get();
        int g = selectedGroup.get();
        try {
            ViewRecipe next = r.withGroup(g, edit.apply(r.groups().get(g).toBuilder()).build());
            recipe.set(next);
            message.set("");
            changed();
            return true;
        } catch (InvalidRecipeException e) {
            message.set("group " + (g + 1) + ": " + e.getMessage());
            return false;
        }
    }

    /** Sets how the views are normalised for training (dataset, imagenet, cifar10, none). */
    public void setNormalization(String name) {
        fx.check("StudioViewModel.setNormalization");
        ViewRecipe r = recipe.get();
        recipe.set(new ViewRecipe(r.name(), r.description(), name, r.groups()));
    }

    /** New random draws for every view. FX thread. */
    public void reroll() {
        fx.check("StudioViewModel.reroll");
        seed.set(seeds.nextLong());
        render();
    }

    public void save(Path file) {
        try {
            RecipeFiles.write(file, recipe.get());
            message.set("saved " + file);
        } catch (RuntimeException e) {
            message.set("cannot save: " + e.getMessage());
        }
    }

    public void load(Path file) {
        fx.check("StudioViewModel.load");
        try {
            setRecipe(RecipeFiles.read(file));
            message.set("loaded " + file);
        } catch (IllegalArgumentException e) {
            message.set("cannot load: " + e.getMessage());
        }
    }

    /** Hands the edited recipe to the training dashboard. */
    public void useForTraining() {
        fx.check("StudioViewModel.useForTraining");
        try {
            if (dataset != null) {
                recipe.get().checkAgainst(dataset.height(), dataset.width(), datasetName);
            }
            String problem = trainingSink.apply(recipe.get());
            message.set(problem == null ? "training now uses the recipe " + recipe.get().name() + " (" + summary() + ")"
                    : "cannot train with this recipe: " + problem);
        } catch (IllegalArgumentException e) {
            message.set("cannot train with this recipe: " + e.getMessage());
        }
    }

    private void changed() {
        if (!locked.get()) {
            seed.set(seeds.nextLong());
        }
        render();
    }

    /** Asks for a render of the current state; coalesces with one already pending. */
    void render() {
        if (sources.isEmpty()) {
            rows.set(List.of());
            return;
        }
        renders.submit(new StudioRenderer.Request(recipe.get(), seed.get(), List.copyOf(sources), pipeline.get(),
                Math.min(selectedGroup.get(), recipe.get().groups().size() - 1), labChannels.get(),
                patchGrid.get()));
    }

    /** A one-line summary of the recipe, e.g. for the window's status. */
    public String summary() {
        ViewRecipe r = recipe.get();
        List<String> parts = new ArrayList<>();
        for (ViewGroup g : r.groups()) {
            parts.add(String.format(Locale.ROOT, "%d×%d px %s", g.count(), g.size(), g.role().name().toLowerCase(Locale.ROOT)));
        }
        return r.name() + ": " + String.join(" + ", parts);
    }

    public ReadOnlyObjectProperty<ViewRecipe> recipeProperty() { return recipe.getReadOnlyProperty(); }
    public IntegerProperty selectedGroupProperty() { return selectedGroup; }
    public BooleanProperty lockedProperty() { return locked; }
    public BooleanProperty pipelineProperty() { return pipeline; }
    /** Each view followed by its L and ab channels (CMC's views); on with the {@code cmc} preset. */
    public BooleanProperty labChannelsProperty() { return labChannels; }
    /** Each view with CPC v2's patch grid drawn on it; on with the {@code cpc} preset. */
    public BooleanProperty patchGridProperty() { return patchGrid; }
    public ReadOnlyLongProperty seedProperty() { return seed.getReadOnlyProperty(); }
    public ObservableList<Source> sources() { return FXCollections.unmodifiableObservableList(sources); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<List<ImageTile>>> rowsProperty() { return rows.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty framesProperty() { return frames.getReadOnlyProperty(); }
    /** Renders finished so far, including those a newer one replaced before they were shown. Any thread. */
    public int renderCount() { return renders.renders(); }
    public ReadOnlyDoubleProperty lastRenderMillisProperty() { return lastRenderMillis.getReadOnlyProperty(); }
}
