package org.contrastlab.app.lesson;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.stage.Stage;
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
 * Presentation mode at a projector's 1280 × 720, at 150 %: on every tab each button is on screen,
 * in a tool bar (whose overflow menu holds what does not fit) or in a scrolled pane; the lesson
 * panel beside the views keeps its Back and Next. Snapshots: {@code present-<tab>.png}.
 */
class PresentationWindowTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        TrainConfig quick = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(8).batchSize(32).seed(3)
                .checkpointEvery(0).build();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(quick));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void everyViewIsUsableAt1280x720() throws Exception {
        Button train = robot.lookup("#train-button").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !train.isDisabled());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !app.lessonsView().entries().isEmpty());
        robot.interact(() -> {
            app.present(true, 150);
            stage.setFullScreen(false); // the projector's size, not this headless screen's
            stage.setWidth(1280);
            stage.setHeight(720);
            app.showTab("Lessons");
            app.lessonsView().select("3-no-negatives");
        });
        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup("#start-lesson").queryAs(Node.class));
        List<String> off = new ArrayList<>();
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        for (Tab tab : List.copyOf(tabs.getTabs())) {
            robot.interact(() -> tabs.getSelectionModel().select(tab));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> stage.getScene().getRoot().layout());
            offScreen(stage.getScene().getRoot(), tab.getText(), off);
            UiSnapshots.write(stage.getScene(), "present-" + tab.getText().toLowerCase().replace(' ', '-') + ".png");
        }
        assertTrue(off.isEmpty(), "buttons off the 1280 × 720 window in presentation mode:\n" + String.join("\n", off));
    }

    /** Every visible button outside the window that neither a tool bar's overflow nor a scroll pane reaches. */
    private static void offScreen(Node n, String tab, List<String> off) {
        if (!n.isVisible() || n instanceof ToolBar || n instanceof ScrollPane) {
            return;
        }
        if (n instanceof Button b) {
            Bounds s = b.localToScene(b.getBoundsInLocal());
            if (s.getMinX() < -1 || s.getMinY() < -1 || s.getMaxX() > 1281 || s.getMaxY() > 721 || s.getWidth() < 8) {
                off.add(tab + ": \"" + b.getText() + "\" at " + s);
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                offScreen(c, tab, off);
            }
        }
    }
}
