package org.contrastlab.app.lesson;

import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.core.lesson.LessonRun;

/**
 * A lesson, page by page, at the side of the window: the page's text, what it points at, and
 * its run. Entering a page brings its view forward, marks what it points at and opens its
 * example; its run starts with the Run button, so that a class reads before it watches. Back
 * and Next (or ← and →, Page Up and Page Down on a presenter's clicker) move between pages.
 */
public final class LessonPanel extends VBox {
    private final LessonHost host;
    private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(-1);
    private final Label lessonTitle = new Label();
    private final Label position = new Label();
    private final Label pageTitle = new Label();
    private final Label text = new Label();
    private final Label look = new Label();
    private final Label message = new Label();
    private final Button back = new Button("◀ Back");
    private final Button next = new Button("Next ▶");
    private final Button run = new Button("▶ Run");
    private final Button close = new Button("Close");

    public LessonPanel(LessonHost host) {
        this.host = host;
        setId("lesson-panel");
        getStyleClass().add("lesson-panel");
        setSpacing(10);
        setPadding(new Insets(12));
        // its width in the type's size (contrastlab.css: 24em), so that presentation mode widens it with the text
        lessonTitle.getStyleClass().add("lesson-title");
        lessonTitle.setWrapText(true);
        pageTitle.setId("lesson-page-title");
        pageTitle.getStyleClass().add("lesson-page-title");
        pageTitle.setWrapText(true);
        text.setId("lesson-text");
        text.getStyleClass().add("lesson-text");
        text.setWrapText(true);
        look.setId("lesson-look");
        look.getStyleClass().add("lesson-look");
        look.setWrapText(true);
        message.setId("lesson-message");
        message.getStyleClass().add("lesson-message");
        message.setWrapText(true);
        position.setId("lesson-position");
        back.setId("lesson-back");
        next.setId("lesson-next");
        run.setId("lesson-run");
        close.setId("lesson-close");
        back.setOnAction(e -> turn(-1));
        next.setOnAction(e -> turn(1));
        run.setOnAction(e -> runPage());
        close.setOnAction(e -> close());
        ScrollPane scroll = new ScrollPane(new VBox(12, pageTitle, text, look, run, message));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("lesson-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        for (Button b : new Button[] {back, next, close, run}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // never "Nex…"
        }
        HBox nav = new HBox(8, back, next, gap, close);
        getChildren().addAll(lessonTitle, position, scroll, nav);
        setVisible(false);
        setManaged(false);
    }

    /** Starts {@code l} at its first page. */
    public void start(Lesson l) {
        lesson.set(l);
        lessonTitle.setText(l.title());
        setVisible(true);
        setManaged(true);
        go(0);
    }

    /** Leaves the lesson; the window stays as it is. */
    public void close() {
        host.point(null);
        lesson.set(null);
        page.set(-1);
        setVisible(false);
        setManaged(false);
    }

    /** Moves {@code by} pages (−1 back, +1 next), within the lesson. */
    public void turn(int by) {
        Lesson l = lesson.get();
        if (l != null) {
            go(Math.max(0, Math.min(l.pages().size() - 1, page.get() + by)));
        }
    }

    /** Starts the current page's run, if it has one. */
    public void runPage() {
        Lesson l = lesson.get();
        if (l == null || page.get() < 0 || l.pages().get(page.get()).run() == null) {
            return;
        }
        Lesson.Page p = l.pages().get(page.get());
        String problem = host.run(l, p);
        message.setText(problem == null ? "training: " + p.run().line() : problem);
        if (problem == null && p.point() != null) {
            host.point(p.point());
        }
    }

    private void go(int index) {
        Lesson l = lesson.get();
        Lesson.Page p = l.pages().get(index);
        page.set(index);
        position.setText(String.format(Locale.ROOT, "stage %d · page %d of %d", l.stage(), index + 1, l.pages().size()));
        pageTitle.setText(p.title());
        text.setText(p.text());
        message.setText("");
        if (p.show() != null) {
            host.show(p.show());
        }
        if (p.open() != null) {
            host.open(p.show(), p.open());
        }
        if (p.compare() > 0) {
            host.compare(p.compare());
        }
        host.point(p.point());
        look.setText(p.point() == null ? "" : "Look at: " + describe(p.point()));
        LessonRun r = p.run();
        run.setVisible(r != null);
        run.setManaged(r != null);
        if (r != null) {
            run.setText(String.format(Locale.ROOT, "▶ Run %s · %d steps of %d", r.config().method(), r.config().steps(),
                    r.config().batchSize()));
        }
        back.setDisable(index == 0);
        next.setDisable(index == l.pages().size() - 1);
    }

    /** A target's id as words ("knn-chart" → "the kNN chart"). */
    static String describe(String target) {
        return switch (target) {
            case "knn-chart" -> "the kNN accuracy chart (the flat line: where the network started)";
            case "loss-chart" -> "the loss chart";
            case "curve-chart" -> "the method's curve, below the loss";
            case "attention-chart" -> "the attention score chart";
            case "explorer-view" -> "the map of the test pictures";
            case "attention-view" -> "the attention maps";
            case "runs-charts" -> "the runs' curves";
            case "step-heatmap" -> "the similarity of the views' embeddings (outlined: each view's twin)";
            case "step-losses" -> "the loss of each row";
            case "step-detail" -> "what the method compares";
            case "step-button" -> "the Step button (or the S key)";
            default -> "the " + target.replace('-', ' ');
        };
    }

    public ReadOnlyObjectProperty<Lesson> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }

    /** The page shown (0-based; −1 when no lesson is open). */
    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** The line under the Run button (what runs, or why not), for tests. */
    public String message() {
        return message.getText();
    }
}
