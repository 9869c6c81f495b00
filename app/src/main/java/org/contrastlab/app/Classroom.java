package org.contrastlab.app;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.contrastlab.app.lesson.LessonPanel;
import org.contrastlab.app.lesson.LessonsView;

/**
 * The window's classroom: the Lessons tab, the lesson panel beside the views, presentation mode,
 * and the keys a teacher uses at the front of a room: ← and → (or a clicker's Page Up and Page
 * Down) turn a lesson's pages, space pauses and resumes the run, S (or → in presentation mode
 * outside a lesson) holds the run and takes one step at a time, F5 toggles presentation mode.
 * The keys are left to a text field that has the focus.
 */
final class Classroom {
    private final LessonPanel panel;
    private final LessonsView lessons;
    private final Tab tab;
    private final Presentation presentation;
    private final WindowLessons host;
    private final Runnable stepOnce;

    Classroom(Scene scene, Presentation presentation, WindowLessons host, Path folder, Executor worker, Runnable stepOnce) {
        this.presentation = presentation;
        this.stepOnce = stepOnce;
        this.host = host;
        panel = new LessonPanel(host);
        lessons = new LessonsView(folder, worker, Platform::runLater, panel::start);
        tab = new Tab("Lessons", lessons);
        tab.setClosable(false);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    }

    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) {
            return;
        }
        boolean inLesson = panel.lessonProperty().get() != null;
        KeyCode k = e.getCode();
        if (k == KeyCode.F5) {
            presentation.toggle();
        } else if (inLesson && (k == KeyCode.LEFT || k == KeyCode.PAGE_UP)) {
            panel.turn(-1);
        } else if (inLesson && (k == KeyCode.RIGHT || k == KeyCode.PAGE_DOWN)) {
            panel.turn(1);
        } else if (k == KeyCode.SPACE && (inLesson || presentation.onProperty().get())) {
            host.pauseOrResume();
        } else if (k == KeyCode.S || (!inLesson && k == KeyCode.RIGHT && presentation.onProperty().get())) {
            stepOnce.run();
        } else {
            return;
        }
        e.consume();
    }

    LessonPanel panel() {
        return panel;
    }

    LessonsView lessons() {
        return lessons;
    }

    Tab tab() {
        return tab;
    }

    WindowLessons host() {
        return host;
    }
}
