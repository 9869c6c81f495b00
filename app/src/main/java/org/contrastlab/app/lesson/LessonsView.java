package org.contrastlab.app.lesson;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.core.lesson.LessonFile;

/**
 * The Lessons tab: every lesson on hand (those that ship, then a teacher's own in {@code folder}),
 * by stage; one that does not read is listed with its problems, file and line, so that a teacher
 * sees what to mend. Start opens the lesson beside the views. Lessons are read on a worker.
 */
public final class LessonsView extends BorderPane {
    private final ListView<LessonLibrary.Entry> list = new ListView<>();
    private final Label details = new Label();
    private final Button start = new Button("Start lesson");
    private final Path folder;
    private final Executor worker;
    private final Executor fx;

    /**
     * @param folder where a teacher's lesson files are read from
     * @param starter starts a lesson (FX thread)
     */
    public LessonsView(Path folder, Executor worker, Executor fx, Consumer<Lesson> starter) {
        this.folder = folder;
        this.worker = worker;
        this.fx = fx;
        setId("lessons-view");
        list.setId("lesson-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LessonLibrary.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.ok() ? String.format(Locale.ROOT, "Stage %d · %s", e.lesson().stage(),
                        e.lesson().title()) : "⚠ " + e.source());
                setStyle(empty || e == null || e.ok() ? "" : "-fx-text-fill: #b00020;");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> describe(now));
        details.setId("lesson-details");
        details.setWrapText(true);
        start.setId("start-lesson");
        start.setDisable(true);
        start.setOnAction(e -> {
            LessonLibrary.Entry chosen = list.getSelectionModel().getSelectedItem();
            if (chosen != null && chosen.ok()) {
                starter.accept(chosen.lesson());
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && !start.isDisable()) {
                start.fire();
            }
        });
        Button openFile = new Button("Open a lesson file…");
        openFile.setId("open-lesson");
        openFile.setOnAction(e -> openFile());
        Button reload = new Button("Reload");
        reload.setId("reload-lessons");
        reload.setOnAction(e -> reload());
        Label help = new Label("A lesson is a text file NAME" + LessonFile.SUFFIX + ": its pages, what each shows and a short run. "
                + "Put yours in " + folder + " (README → Lessons), or open one; `contrastlab lessons FILE` checks it.");
        help.setWrapText(true);
        for (Button b : new Button[] {start, openFile, reload}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // never "Star…" at a projector's scale
        }
        // the buttons wrap and the text scrolls rather than being cut at 1280 × 720 and 150 %
        ScrollPane text = new ScrollPane(details);
        text.setFitToWidth(true);
        VBox.setVgrow(text, Priority.ALWAYS);
        VBox right = new VBox(12, text, new FlowPane(8, 8, start, openFile, reload), help);
        right.setPadding(new Insets(12));
        list.setPrefWidth(360);
        setLeft(list);
        setCenter(right);
        reload();
    }

    /** Reads the lessons again (built-in and the folder's) on the worker. */
    public void reload() {
        worker.execute(() -> {
            List<LessonLibrary.Entry> all = LessonLibrary.all(folder);
            fx.execute(() -> {
                list.getItems().setAll(all);
                if (!all.isEmpty()) {
                    list.getSelectionModel().select(0);
                }
            });
        });
    }

    private void openFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a lesson");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lessons", "*" + LessonFile.SUFFIX, "*.md"));
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            add(f.toPath());
        }
    }

    /** Reads one lesson file (on the worker) and lists it, selected. */
    public void add(Path file) {
        worker.execute(() -> {
            LessonLibrary.Entry e = LessonLibrary.read(file);
            fx.execute(() -> {
                list.getItems().add(e);
                list.getSelectionModel().select(e);
            });
        });
    }

    private void describe(LessonLibrary.Entry e) {
        start.setDisable(e == null || !e.ok());
        if (e == null) {
            details.setText("");
        } else if (!e.ok()) {
            details.setText("This lesson does not read:\n" + String.join("\n", e.problems()));
        } else {
            Lesson l = e.lesson();
            details.setText(l.title() + "\n\n" + l.summary() + "\n\nPages:\n" + l.pages().stream()
                    .map(p -> " • " + p.title() + (p.run() != null ? "  (runs " + p.run().line() + ")" : ""))
                    .collect(Collectors.joining("\n")) + "\n\nTrains on " + l.data() + "; from " + e.source());
        }
    }

    /** The lessons listed, for tests. */
    public List<LessonLibrary.Entry> entries() {
        return List.copyOf(list.getItems());
    }

    /** Selects the lesson with this id, for tests and keyboard use. */
    public void select(String id) {
        list.getItems().stream().filter(e -> e.ok() && e.lesson().id().equals(id)).findFirst()
                .ifPresent(e -> list.getSelectionModel().select(e));
    }
}
