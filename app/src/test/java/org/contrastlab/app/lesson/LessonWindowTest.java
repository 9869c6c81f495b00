package org.contrastlab.app.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.app.common.SlideExport;
import org.contrastlab.app.train.TrainViewModel;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;

/**
 * A teacher's lesson, start to end, in the window headless (Monocle): listed in the Lessons tab
 * beside the four that ship, started, its pages turned with the arrow keys; each page brings its
 * view forward and outlines what it points at; its two runs (BYOL intact, then without its
 * predictor) train on the dashboard with the collapse curve shown; the Runs tab draws the two
 * together; a shipped example opens in the explorer; presentation mode scales the window.
 * Snapshots: {@code target/ui-snapshots/lesson.png} and {@code lesson-present.png}.
 */
class LessonWindowTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();
    @TempDir
    Path folder;

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        TrainConfig quick = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(8)
                .batchSize(32).seed(3).evalEvery(4).knnK(20).checkpointEvery(0).build();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(quick));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void aLessonRunsStartToEnd() throws Exception {
        Button train = robot.lookup("#train-button").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !train.isDisabled());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.lessonsView().entries().size() >= 4);
        assertTrue(app.lessonsView().entries().stream().allMatch(LessonLibrary.Entry::ok), "the built-in lessons read");

        Path file = folder.resolve("collapse.lesson.md");
        Files.writeString(file, """
                # Collapse in a few steps
                stage: 3
                summary: BYOL with and without its predictor.

                ## The views
                show: studio
                point: studio-grid

                Two views of each picture.

                ## BYOL
                run: method=byol backbone=convnet-tiny steps=6 batch-size=32 eval-every=3
                curve: collapse
                point: curve-chart

                The spread of the outputs.

                ## Without the predictor
                run: method=byol backbone=convnet-tiny steps=6 batch-size=32 eval-every=3 predictor=0
                curve: collapse
                point: curve-chart

                The spread falls.

                ## Side by side
                compare: 2
                point: runs-charts

                Both runs.

                ## A trained model
                open: simclr-shapes
                point: explorer-view

                Grouped by shape.
                """);
        robot.interact(() -> {
            app.showTab("Lessons");
            app.lessonsView().add(file);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.lessonsView().entries().stream()
                .anyMatch(e -> e.ok() && e.lesson().id().equals("collapse")));
        WaitForAsyncUtils.waitForFxEvents();
        click("#start-lesson");
        LessonPanel panel = app.lessonPanel();
        assertTrue(panel.isVisible());
        assertEquals("collapse", panel.lessonProperty().get().id());
        assertEquals(0, panel.pageProperty().get());
        assertEquals("Augmentation studio", selectedTab());
        assertPointsAt("studio-grid");

        key(KeyCode.RIGHT);
        assertEquals(1, panel.pageProperty().get());
        assertPointsAt("curve-chart");
        runAndWait("#lesson-run");
        assertEquals("Train", selectedTab());
        assertEquals("collapse", robot.lookup("#curve-choice").queryAs(ComboBox.class).getValue());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().curveChart().pointCount() == 6);
        Path intact = app.lastRun();
        UiSnapshots.write(stage.getScene(), "lesson.png");

        key(KeyCode.PAGE_DOWN);
        assertEquals(2, panel.pageProperty().get());
        runAndWait("#lesson-run");
        Path ablated = app.lastRun();
        assertFalse(ablated.equals(intact), "a run of its own");
        assertEquals(0.0, RunDirectory.open(ablated).config().methodParams().get("predictor"));
        assertEquals(RunDirectory.open(intact).config().seed(), RunDirectory.open(ablated).config().seed(), "the same seed");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().curveChart().pointCount() == 6);
        assertEquals(6, app.view().chart().pointCount(), "the dashboard shows this run's loss, not the last one's as well");
        assertEquals(6, app.view().curveChart().ghostCount(), "the intact run's collapse curve stays beside the ablated run's");
        UiSnapshots.write(stage.getScene(), "lesson-collapse.png");
        figuresForSlides();

        theRunsAreDrawnTogether(intact, ablated);

        key(KeyCode.RIGHT);
        assertEquals("Embeddings", selectedTab());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.explorer().hasRun());
        key(KeyCode.RIGHT);
        assertEquals(4, panel.pageProperty().get(), "the last page stays");
        key(KeyCode.LEFT);
        assertEquals(3, panel.pageProperty().get());

        presentationModeScalesTheWindow();

        click("#lesson-close");
        assertFalse(panel.isVisible());
        assertEquals(null, app.lessonPointer(), "nothing outlined once the lesson is closed");
    }

    /** The page that compares: the Runs tab selects the lesson's two runs and draws them together. */
    private void theRunsAreDrawnTogether(Path intact, Path ablated) throws Exception {
        key(KeyCode.RIGHT);
        assertEquals("Runs", selectedTab());
        assertPointsAt("runs-charts");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.runsView().table().getSelectionModel().getSelectedItems().size() == 2);
        assertTrue(app.runsView().table().getSelectionModel().getSelectedItems().stream()
                .map(r -> r.root().toAbsolutePath()).allMatch(p -> p.equals(intact.toAbsolutePath()) || p.equals(ablated.toAbsolutePath())),
                "the two lesson runs are drawn together");
        Path runsSvg = folder.resolve("runs-collapse.svg");
        robot.interact(() -> {
            try {
                SlideExport.svg(app.runsView().collapseChart(), SlideExport.SCALE, runsSvg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(2, Files.readString(runsSvg).split("<polyline ").length - 1, "both runs' collapse curves, as vectors");
    }

    /** The dashboard's chart as a PNG and an SVG for slides: at the slide scale, both runs' curves. */
    private void figuresForSlides() throws Exception {
        Path png = folder.resolve("collapse.png");
        Path svg = folder.resolve("collapse.svg");
        double width = app.view().curveChart().getWidth();
        robot.interact(() -> {
            try {
                app.view().curveChart().writePng(png, 1.5);
                app.view().curveChart().writeSvg(svg, 1.5);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Math.round(width * 1.5), image.getWidth(), 1.0);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength(), "this run and the last, as vectors");
        String points = doc.getElementsByTagName("polyline").item(1).getAttributes().getNamedItem("points").getNodeValue();
        assertEquals(6, points.split(" ").length, "one vertex per step");
    }

    private void presentationModeScalesTheWindow() throws Exception {
        robot.interact(() -> app.present(true, 150));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.presenting());
        assertTrue(stage.getScene().getRoot().getStyle().contains("-fx-font-size"), stage.getScene().getRoot().getStyle());
        assertFalse(robot.lookup("#runtime-label").query().isVisible() && robot.lookup("#runtime-label").query().getParent().isVisible(),
                "developer detail is hidden");
        robot.interact(() -> app.showTab("Train"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.5, app.view().chart().scale(), "thick lines and large labels on the dashboard's charts");
        UiSnapshots.write(stage.getScene(), "lesson-present.png");
        robot.interact(() -> app.present(false, 150));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.0, app.view().chart().scale());
        assertTrue(robot.lookup("#runtime-label").query().getParent().isVisible());
    }

    private void runAndWait(String button) {
        click(button);
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.model().stateProperty().get() == TrainViewModel.State.RUNNING);
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> app.model().stateProperty().get() == TrainViewModel.State.FINISHED
                    || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        } catch (Exception e) {
            throw new AssertionError("the page's run did not finish: " + app.model().statusProperty().get()
                    + " / " + app.lessonPanel().message(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainViewModel.State.FINISHED, app.model().stateProperty().get(), app.model().statusProperty().get());
    }

    private void assertPointsAt(String id) {
        Node pointed = app.lessonPointer();
        assertNotNull(pointed, "the page points at " + id);
        assertEquals(id, pointed.getId());
        assertTrue(pointed.getStyleClass().contains("lesson-pointer"));
    }

    private String selectedTab() {
        return robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText();
    }

    private void key(KeyCode code) {
        robot.type(code);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void click(String id) {
        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup(id).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
