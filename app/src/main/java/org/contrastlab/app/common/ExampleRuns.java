package org.contrastlab.app.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import org.contrastlab.sample.Examples;
import org.contrastlab.sample.Examples.Example;

/**
 * The trained models that ship with the app ({@link Examples}) as the views offer them: an
 * "Examples" menu, and the example a view opens by itself on a first look at the data it was
 * trained on. Unpacking (a few MB copied to the cache folder, once) runs on a worker.
 */
public final class ExampleRuns {
    private final Executor worker;
    private final Executor fx;
    private final Consumer<String> problems;

    /**
     * @param fx runs on the FX thread ({@code Platform::runLater} in the app; a test's own)
     * @param problems where an example that cannot be unpacked is reported (through {@code fx})
     */
    public ExampleRuns(Executor worker, Executor fx, Consumer<String> problems) {
        this.worker = worker;
        this.fx = fx;
        this.problems = problems;
    }

    /** The examples meant for a view ("attention", "embeddings", "runs"). */
    public static List<Example> forView(String view) {
        return Examples.all().stream().filter(e -> e.isFor(view)).toList();
    }

    /** The example for a view trained on {@code data}, if one ships. */
    public static Optional<Example> forViewAndData(String view, String data) {
        return forView(view).stream().filter(e -> e.data().equals(data)).findFirst();
    }

    /** A menu of the view's examples; choosing one unpacks it and hands its run folder to {@code open} on the FX thread. */
    public MenuButton menu(String view, Consumer<Path> open) {
        MenuButton menu = new MenuButton("Examples");
        menu.setId(view + "-examples");
        menu.setTooltip(new Tooltip("trained models that come with ContrastLab"));
        for (Example e : forView(view)) {
            MenuItem item = new MenuItem(e.title());
            item.setOnAction(a -> open(e, open));
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
        return menu;
    }

    /** Unpacks {@code example} on the worker, then hands its folder to {@code open} on the FX thread. */
    public void open(Example example, Consumer<Path> open) {
        worker.execute(() -> {
            try {
                Path run = Examples.unpack(example);
                fx.execute(() -> open.accept(run));
            } catch (RuntimeException ex) {
                fx.execute(() -> problems.accept("cannot open the example " + example.id() + ": " + ex.getMessage()));
            }
        });
    }
}
