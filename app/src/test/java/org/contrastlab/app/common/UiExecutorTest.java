package org.contrastlab.app.common;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.app.runs.RunsViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view model in the app asserts the FX thread where it changes what the window shows; one in a
 * test, given a plain executor, does not.
 */
class UiExecutorTest {
    @TempDir
    Path tmp;

    @Test
    void theAppsExecutorRefusesChangesFromAnotherThreadATestsDoesNot() {
        AssertionError e = assertThrows(AssertionError.class, () -> UiExecutor.FX.check("RunsViewModel.refresh"));
        assertTrue(e.getMessage().contains("RunsViewModel.refresh") && e.getMessage().contains(Thread.currentThread().getName()),
                e.getMessage());
        RunsViewModel inApp = new RunsViewModel(tmp, Runnable::run, UiExecutor.FX);
        assertThrows(AssertionError.class, inApp::refresh, "the app's view model, called off the FX thread");
        List<Runnable> fx = new ArrayList<>();
        new RunsViewModel(tmp, Runnable::run, fx::add).refresh(); // a test's: no check
    }
}
