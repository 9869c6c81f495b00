package org.contrastlab.app;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.contrastlab.visual.LiveLineChart;

/**
 * Presentation mode, for a teacher at a projector: the whole window's type scaled (125–200 %),
 * a high-contrast theme ({@code present.css}), full screen, thick chart lines with large labels,
 * and developer detail (nodes of the style class {@code developer}: libtorch, device and precision,
 * checkpoint buttons) hidden. Turned on by {@code --present[=PERCENT]} or F5. FX thread.
 */
final class Presentation {
    /** The scale presentation mode starts at, in percent. */
    static final int DEFAULT_SCALE = 150;
    static final String DEVELOPER = "developer";
    private static final String CSS = "/org/contrastlab/app/present.css";
    private final Stage stage;
    private final Scene scene;
    private final ReadOnlyBooleanWrapper on = new ReadOnlyBooleanWrapper();
    private final double baseFont = Font.getDefault().getSize();
    private int scale = DEFAULT_SCALE;

    Presentation(Stage stage, Scene scene) {
        this.stage = stage;
        this.scene = scene;
    }

    /** Parses {@code --present} or {@code --present=PERCENT} (125 to 200); null when the argument is not one. */
    static Integer parse(String arg) {
        if (arg.equals("--present")) {
            return DEFAULT_SCALE;
        }
        if (!arg.startsWith("--present=")) {
            return null;
        }
        String v = arg.substring("--present=".length()).replace("%", "");
        try {
            int p = Integer.parseInt(v);
            if (p >= 125 && p <= 200) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--present takes a scale from 125 to 200 (percent), got \"" + v + "\"");
    }

    /** Turns presentation mode on at {@code percent} (125–200), or off. */
    void set(boolean present, int percent) {
        scale = percent;
        on.set(present);
        double factor = present ? scale / 100.0 : 1;
        scene.getRoot().setStyle(present ? String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", baseFont * factor) : "");
        String css = Presentation.class.getResource(CSS).toExternalForm();
        scene.getStylesheets().remove(css);
        if (present) {
            scene.getStylesheets().add(css);
        }
        stage.setFullScreen(present);
        restyle();
    }

    void toggle() {
        set(!on.get(), scale);
    }

    /** Applies the mode to nodes made since (a tab's content shown for the first time). */
    void restyle() {
        walk(scene.getRoot(), on.get() ? scale / 100.0 : 1);
    }

    private void walk(Node n, double factor) {
        if (n.getStyleClass().contains(DEVELOPER)) {
            n.setVisible(factor == 1);
            n.setManaged(factor == 1);
        }
        if (n instanceof LiveLineChart chart) {
            if (chart.scale() != factor) {
                chart.setScale(factor);
            }
            return;
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, factor);
            }
        }
    }

    ReadOnlyBooleanProperty onProperty() {
        return on.getReadOnlyProperty();
    }

    int scale() {
        return scale;
    }
}
