package org.contrastlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.visual.ImageGridView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window headless (Monocle): it opens on sample:shapes with its previews, trains a few
 * real steps when Train is pressed, draws the loss and the kNN accuracy, and leaves a
 * snapshot at {@code target/ui-snapshots/train-window.png} for a person to look at.
 */
class TrainWindowTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        TrainConfig quick = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(8)
                .batchSize(32).seed(3).learningRate(0.1).warmupSteps(2).headHidden(64).projectionDim(32)
                .evalEvery(4).knnK(20).checkpointEvery(0).build();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(quick));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void trainsAFewStepsAndShowsLossViewsAndKnn() throws Exception {
        robot.interact(() -> app.showTab("Train"));
        Button train = robot.lookup("#train-button").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !train.isDisabled());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.view() != null
                && robot.lookup("#preview-grid").queryAs(ImageGridView.class).tileCount() == 18);

        // the status bar says which libtorch and device; the chooser offers what this machine has
        String runtime = app.runtimeLine();
        assertTrue(runtime.contains("libtorch 2.7.1 (CPU build") && runtime.contains("cpu():"), runtime);
        ComboBox<String> chooser = robot.lookup("#device-chooser").queryAs(ComboBox.class);
        assertEquals(List.of("auto", "cpu"), List.copyOf(chooser.getItems()), "no GPU on this machine");
        robot.interact(() -> app.setTrainOn("cpu"));
        ComboBox<String> precision = robot.lookup("#precision-chooser").queryAs(ComboBox.class);
        assertEquals(List.of("fp32", "fp16"), List.copyOf(precision.getItems()));
        assertEquals("fp32", precision.getValue(), "float32 unless asked");
        // float16 networks (slow on a CPU, but this run is 8 small steps)
        robot.interact(() -> precision.setValue("fp16"));

        click("#train-button");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> app.model().stateProperty().get() == TrainViewModel.State.FINISHED
                        || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainViewModel.State.FINISHED, app.model().stateProperty().get(), app.model().statusProperty().get());
        String deviceLine = robot.lookup("#device-label").queryAs(Label.class).getText();
        assertTrue(deviceLine.startsWith("device: cpu() — last run: "), deviceLine);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().chart().pointCount() == 8);
        // the method's first curve is shown without choosing it
        assertEquals("collapse", robot.lookup("#curve-choice").queryAs(ComboBox.class).getValue());
        assertEquals(8, app.view().curveChart().pointCount(), "one collapse point per step");
        double lastLoss = app.view().chart().lastY();
        assertTrue(Double.isFinite(lastLoss) && lastLoss > 0, "loss " + lastLoss);
        String knn = robot.lookup("#knn-label").queryAs(Label.class).getText();
        assertTrue(knn.matches("kNN top-1: \\d+\\.\\d % at step 8"), knn);
        // the kNN chart beside the loss: steps 0, 4 and 8, with step 0 (random init) as its dashed line
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().knnChart().pointCount() == 3);
        double randomInit = app.view().knnChart().firstY();
        assertTrue(randomInit > 0 && randomInit < 1, "random init kNN " + randomInit);
        assertEquals(randomInit, app.view().knnChart().referenceY());
        String status = robot.lookup("#status-label").queryAs(Label.class).getText();
        assertTrue(status.startsWith("finished after 8 steps"), status);
        assertTrue(Files.readString(app.lastRun().resolve("config.json")).contains("\"precision\" : \"fp16\""),
                "the run trained in the precision chosen in the status bar");
        robot.interact(() -> precision.setValue("fp32"));

        Path png = UiSnapshots.write(stage.getScene(), "train-window.png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(distinctColours(img) > 200, "the snapshot shows pictures and a chart, not a blank window");
    }

    @Test
    void choosesAMethodShowsItsCurvesPausesResumesAndCheckpoints() throws Exception {
        robot.interact(() -> app.showTab("Train"));
        Button train = robot.lookup("#train-button").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !train.isDisabled());
        @SuppressWarnings("unchecked")
        ComboBox<String> methods = robot.lookup("#method-choice").queryAs(ComboBox.class);
        assertTrue(methods.getItems().containsAll(List.of("instdisc", "moco-v2", "byol", "swav", "barlow-twins")));
        robot.interact(() -> methods.setValue("moco-v2"));
        assertEquals("moco-v2", app.model().config().method());
        assertEquals("simclr-shapes", app.model().config().viewRecipe().name(), "MoCo v2's views on the built-in shapes");
        assertEquals(8, app.model().config().steps(), "the dashboard's budget is kept");

        click("#train-button");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.model().stepProperty().get() >= 2);
        click("#checkpoint-button");
        click("#pause-button");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.model().stateProperty().get() == TrainViewModel.State.PAUSED
                || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        assertEquals(TrainViewModel.State.PAUSED, app.model().stateProperty().get(), app.model().statusProperty().get());
        // the last step's event can still be queued for the FX thread when the pause shows (seen on a loaded machine)
        WaitForAsyncUtils.waitForFxEvents();
        int pausedAt = app.model().stepProperty().get();
        assertTrue(pausedAt < 8, "paused before the end: " + pausedAt);
        assertTrue(app.model().monitorNames().containsAll(List.of("collapse", "queue_fill", "teacher_momentum")),
                app.model().monitorNames().toString());
        robot.interact(() -> robot.lookup("#curve-choice").queryAs(ComboBox.class).setValue("queue_fill"));
        // the step counter follows the events on the window's refresh pulse: let it catch up
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().curveChart().pointCount() == app.model().stepProperty().get());
        pausedAt = app.model().stepProperty().get();
        assertTrue(pausedAt < 8, "paused before the end: " + pausedAt);
        assertEquals(pausedAt, app.view().curveChart().pointCount(), "one queue-fill point per step so far");
        String values = robot.lookup("#curve-values").queryAs(Label.class).getText();
        assertTrue(values.contains("queue fill") && values.contains("teacher momentum 0.99"), values);

        click("#resume-button");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.model().stateProperty().get() == TrainViewModel.State.FINISHED
                || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainViewModel.State.FINISHED, app.model().stateProperty().get(), app.model().statusProperty().get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().curveChart().pointCount() == 8);
        assertTrue(app.view().curveChart().lastY() > 0, "the queue fills");
        UiSnapshots.write(stage.getScene(), "train-window-moco.png");
        robot.interact(() -> methods.setValue("simclr"));
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /**
     * Clicks the window's own button: a query from every window's root (robot.clickOn("#id")) also
     * walks windows that are closing, whose nodes have no scene (a NullPointerException seen once in CI).
     */
    private void click(String id) {
        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup(id).queryAs(Node.class));
    }
}
