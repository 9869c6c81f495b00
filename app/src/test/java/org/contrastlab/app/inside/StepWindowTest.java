package org.contrastlab.app.inside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.app.common.SlideExport;
import org.contrastlab.app.train.TrainViewModel;
import org.contrastlab.core.inspect.StepInspection;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Inside a step, in the window headless (Monocle): Step holds a running BYOL run between two
 * steps and shows the step it takes next (views, similarity heat map, row losses, BYOL's
 * prediction against its target); Step again takes exactly one step; Continue lets the run
 * finish. Snapshot: {@code target/ui-snapshots/inside-a-step.png}.
 */
class StepWindowTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        TrainConfig quick = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(60)
                .batchSize(32).seed(3).evalEvery(0).knnK(20).checkpointEvery(0).build();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(quick));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void stepsOneAtATimeAndShowsWhatTheStepCompares() throws Exception {
        Button train = robot.lookup("#train-button").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !train.isDisabled());
        @SuppressWarnings("unchecked")
        ComboBox<String> methods = robot.lookup("#method-choice").queryAs(ComboBox.class);
        robot.interact(() -> {
            app.showTab("Train");
            methods.setValue("byol");
        });
        click("#train-button");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.model().stepProperty().get() >= 2);
        click("#step-button");
        StepThrough through = app.model().stepThrough();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> through.shownProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Inside a step", robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText());
        StepInspection first = through.shownProperty().get();
        assertEquals("byol", first.method());
        assertEquals(24, first.rows(), "two views of twelve images");
        assertTrue(first.detail().summary().contains("prediction"), first.detail().summary());
        assertTrue(app.stepView().title().startsWith("Step " + first.step() + " of byol"), app.stepView().title());
        // held: no step goes by
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(first.step() - 1, app.model().stepProperty().get(), "held before the step it shows");
        assertTrue(app.model().stepThrough().heldProperty().get());
        UiSnapshots.write(stage.getScene(), "inside-a-step.png");
        // the heat map for slides: a PNG half as large again as on screen, and an SVG holding it
        Node matrix = robot.lookup("#step-matrix").query();
        Path png = Files.createTempFile("step", ".png");
        Path svg = Files.createTempFile("step", ".svg");
        robot.interact(() -> {
            try {
                SlideExport.png(matrix, SlideExport.SCALE, png);
                SlideExport.svg(matrix, SlideExport.SCALE, svg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(Math.round(matrix.getBoundsInLocal().getWidth() * 1.5), ImageIO.read(png.toFile()).getWidth(), 1.0);
        assertTrue(Files.readString(svg).contains("<image width="), "the picture inside the SVG");

        click("#step-once");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> through.shownProperty().get().step() == first.step() + 1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.model().stepProperty().get() == first.step());
        assertEquals(first.step(), app.model().stepProperty().get(), "exactly one step taken");

        click("#step-continue");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.model().stateProperty().get() == TrainViewModel.State.FINISHED
                || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainViewModel.State.FINISHED, app.model().stateProperty().get(), app.model().statusProperty().get());
        assertFalse(through.heldProperty().get());
        String status = app.model().statusProperty().get();
        assertTrue(status.startsWith("finished after 60 steps"), status);
    }

    private void click(String id) {
        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup(id).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
