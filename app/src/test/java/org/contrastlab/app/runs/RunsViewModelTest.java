package org.contrastlab.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.RunSummary;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs table without a window: reading and deleting happen on the worker, never on the caller. */
class RunsViewModelTest {
    private final List<Runnable> queued = new ArrayList<>();

    @TempDir
    Path tmp;

    private void runWorker() {
        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }
    }

    @Test
    void listsRunsThenExamplesAndDeletesOnTheWorkerOnlyWhenConfirmed() {
        Path runs = tmp.resolve("runs");
        RunDirectory.create(runs.resolve("a"), TrainConfig.small("sample:shapes"), false);
        RunDirectory.create(runs.resolve("b"), TrainConfig.small("sample:shapes"), false);
        Path example = tmp.resolve("examples").resolve("simclr-shapes");
        RunDirectory.create(example, TrainConfig.small("sample:shapes"), false);
        RunsViewModel vm = new RunsViewModel(runs, queued::add, Runnable::run);
        vm.setExamples(() -> List.of(example));
        vm.refresh();
        assertTrue(vm.runs().isEmpty(), "nothing is read on the caller's thread");
        runWorker();
        assertEquals(3, vm.runs().size());
        assertEquals(example, vm.runs().get(2).root(), "the examples come below the runs");
        assertTrue(vm.statusProperty().get().startsWith("2 runs in ") && vm.statusProperty().get().contains("1 trained example"),
                vm.statusProperty().get());

        RunSummary shipped = vm.runs().get(2);
        vm.delete(shipped, () -> true);
        assertTrue(vm.statusProperty().get().contains("is an example"), vm.statusProperty().get());
        assertTrue(queued.isEmpty() && Files.isDirectory(example), "an example is never deleted");

        RunSummary a = vm.runs().stream().filter(r -> r.root().endsWith("a")).findFirst().orElseThrow();
        vm.delete(a, () -> false);
        assertEquals("not deleted", vm.statusProperty().get());
        vm.delete(a, () -> true);
        assertTrue(Files.isDirectory(a.root()) && vm.runs().contains(a), "deleted on the worker, not on the caller");
        runWorker();
        assertTrue(Files.notExists(a.root()));
        assertEquals(2, vm.runs().size());
        assertEquals("deleted " + a.root(), vm.statusProperty().get());
    }
}
