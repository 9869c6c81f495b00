package org.contrastlab.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.core.sweep.SweepCsv;
import org.contrastlab.core.sweep.SweepPoint;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Sweep tab as a user drives it: a setting and its values chosen, Run pressed, a point per
 * finished run on both charts with the random-init line; and the sweep measured on the built-in
 * data (docs/sweep-shapes-color.csv, written by the command in docs/benchmarks.md: InfoMin's
 * reverse U) opened and drawn, the picture in README.md.
 */
class SweepViewTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(TrainConfig.small("sample:shapes")));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSweepRunFromTheTabDrawsAPointPerRun() throws Exception {
        robot.interact(() -> app.showTab("Sweep"));
        SweepViewModel vm = app.sweep();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.model().config() != null && app.model().stateProperty().get() != null
                && !robot.lookup("#sweep-run").queryButton().isDisabled());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            // the data loads on the worker: a start before it is refused and said
            robot.interact(() -> {
                robot.lookup("#sweep-setting").queryAs(ComboBox.class).setValue("colorStrength");
                robot.lookup("#sweep-values").queryAs(TextField.class).setText("0.5,1.5");
                robot.lookup("#sweep-steps").queryAs(Spinner.class).getValueFactory().setValue(3);
                robot.lookup("#sweep-batch").queryAs(Spinner.class).getValueFactory().setValue(16);
            });
            robot.clickOn("#sweep-run");
            WaitForAsyncUtils.waitForFxEvents();
            return vm.runningProperty().get();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.MINUTES, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String status = vm.statusProperty().get();
        assertTrue(status.startsWith("done; 2 runs, best colorStrength="), status);
        assertEquals(2, vm.points().size());
        assertEquals(2, app.sweepView().bySetting().pointCount());
        assertEquals(2, app.sweepView().byInformation().pointCount());
        assertEquals(vm.points().get(0).randomInit(), app.sweepView().bySetting().referenceY(), 1e-12);
        Path csv = Path.of(status.substring(status.lastIndexOf("; ") + 2));
        List<SweepPoint> written = SweepCsv.read(csv);
        assertEquals(List.of(0.5, 1.5), written.stream().map(SweepPoint::value).toList());
        assertTrue(Files.isDirectory(written.get(1).run().resolve("checkpoints")), "each point is a run folder");
    }

    @Test
    void theSweepMeasuredOnTheBuiltInDataOpensAndDraws() throws Exception {
        Path measured = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("sweep-shapes-color.csv");
        robot.interact(() -> app.showTab("Sweep"));
        SweepViewModel vm = app.sweep();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        robot.interact(() -> vm.open(measured));
        int n = SweepCsv.read(measured).size();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.sweepView().bySetting().pointCount() == n);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(n >= 5, "the measured sweep has " + n + " runs");
        assertTrue(vm.statusProperty().get().contains(n + " runs, best colorStrength="), vm.statusProperty().get());
        Path snapshot = UiSnapshots.write(stage.getScene(), "sweep.png");
        assertTrue(Files.size(snapshot) > 10_000);
    }
}
