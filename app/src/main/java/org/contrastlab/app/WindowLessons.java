package org.contrastlab.app;

import java.util.function.Consumer;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import org.contrastlab.app.attention.AttentionViewModel;
import org.contrastlab.app.common.ExampleRuns;
import org.contrastlab.app.explore.ExplorerViewModel;
import org.contrastlab.app.lesson.LessonHost;
import org.contrastlab.app.lesson.LessonLibrary;
import org.contrastlab.app.runs.RunsView;
import org.contrastlab.app.train.TrainView;
import org.contrastlab.app.train.TrainViewModel;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.sample.Examples;

/**
 * How a lesson drives the window: tabs brought forward, the node it points at outlined, its
 * examples opened, its runs trained on the dashboard (a run still going is stopped first, and the
 * page's run starts once it has). FX thread throughout.
 */
final class WindowLessons implements LessonHost {
    /** The style class that outlines what a page points at (contrastlab.css). */
    static final String POINTER = "lesson-pointer";
    private final Scene scene;
    private final Consumer<String> showTab;
    private final TrainViewModel model;
    private final TrainView view;
    private final ExampleRuns examples;
    private final AttentionViewModel attention;
    private final ExplorerViewModel explorer;
    private final RunsView runs;
    private Node pointed;
    private ChangeListener<TrainViewModel.State> waiting;

    WindowLessons(Scene scene, Consumer<String> showTab, TrainViewModel model, TrainView view, ExampleRuns examples,
                  AttentionViewModel attention, ExplorerViewModel explorer, RunsView runs) {
        this.scene = scene;
        this.showTab = showTab;
        this.model = model;
        this.view = view;
        this.examples = examples;
        this.attention = attention;
        this.explorer = explorer;
        this.runs = runs;
    }

    @Override
    public void show(String v) {
        showTab.accept(LessonLibrary.TABS.get(v));
    }

    @Override
    public void point(String target) {
        if (pointed != null) {
            pointed.getStyleClass().remove(POINTER);
            pointed = null;
        }
        if (target != null) {
            scene.getRoot().applyCss();
            pointed = scene.lookup("#" + target);
            if (pointed != null && !pointed.getStyleClass().contains(POINTER)) {
                pointed.getStyleClass().add(POINTER);
            }
        }
    }

    /** The node a page points at now (null: none), for tests. */
    Node pointed() {
        return pointed;
    }

    @Override
    public void open(String v, String example) {
        Examples.byId(example).ifPresent(e -> examples.open(e, run -> {
            if ("attention".equals(v)) {
                attention.openModel(run);
            } else if ("runs".equals(v)) {
                runs.refresh();
            } else {
                explorer.open(run);
            }
        }));
    }

    @Override
    public void compare(int latest) {
        runs.showLatest(latest);
    }

    @Override
    public String run(Lesson lesson, Lesson.Page page) {
        if (model.config() == null) {
            return "the data is still loading: try again in a moment";
        }
        if (!lesson.data().equals(model.config().data())) {
            return "this lesson trains on " + lesson.data() + " and the window holds " + model.config().data()
                    + ": start ContrastLab on " + lesson.data();
        }
        if (waiting != null) {
            model.stateProperty().removeListener(waiting);
            waiting = null;
        }
        if (model.canStartProperty().get()) {
            return start(page);
        }
        // a run is going: stop it, and start this page's once it has stopped
        model.stop();
        waiting = (o, was, now) -> {
            if (model.canStartProperty().get()) {
                model.stateProperty().removeListener(waiting);
                waiting = null;
                start(page); // it was checked when the page was read, and the dashboard can start: nothing to refuse
            }
        };
        model.stateProperty().addListener(waiting);
        return null;
    }

    private String start(Lesson.Page page) {
        String problem = model.useConfiguration(page.run().config());
        if (problem != null) {
            return problem;
        }
        view.preferCurve(page.curve());
        view.startRun();
        if (page.show() == null) {
            show("train");
        }
        return null;
    }

    @Override
    public void pauseOrResume() {
        if (model.stateProperty().get() == TrainViewModel.State.RUNNING) {
            model.pause();
        } else if (model.canResumeProperty().get()) {
            model.resume();
        }
    }
}
