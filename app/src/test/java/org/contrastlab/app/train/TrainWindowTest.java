package org.contrastlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.core.train.TrainConfig;
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
                && robot.lookup("#preview-grid").queryAs(org.contrastlab.visual.ImageGridView.class).tileCount() == 18);

        robot.clickOn("#train-button");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> app.model().stateProperty().get() == TrainViewModel.State.FINISHED
                        || app.model().stateProperty().get() == TrainViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainViewModel.State.FINISHED, app.model().stateProperty().get(), app.model().statusProperty().get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> app.view().chart().pointCount() == 8);
        double lastLoss = app.view().chart().lastY();
        assertTrue(Double.isFinite(lastLoss) && lastLoss > 0, "loss " + lastLoss);
        String knn = robot.lookup("#knn-label").queryAs(Label.class).getText();
        assertTrue(knn.matches("kNN top-1: \\d+\\.\\d % at step 8"), knn);
        String status = robot.lookup("#status-label").queryAs(Label.class).getText();
        assertTrue(status.startsWith("finished after 8 steps"), status);

        Path png = UiSnapshots.write(stage.getScene(), "train-window.png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(distinctColours(img) > 200, "the snapshot shows pictures and a chart, not a blank window");
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
