package org.contrastlab.app.explore;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's state without a window: a run that cannot be opened is said, and nothing is mapped. */
class ExplorerViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderThatIsNotARunIsReported() {
        List<Runnable> worker = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        ExplorerViewModel vm = new ExplorerViewModel(worker::add, fx::add);
        vm.open(tmp.resolve("early"));
        assertTrue(vm.statusProperty().get().contains("still loading"), "before the images: " + vm.statusProperty().get());
        vm.setImages(new ImageStore(new byte[2 * 3 * 8 * 8], new int[] {0, 1}, List.of("a", "b"), null, 8, 8), "tiny");
        vm.open(tmp.resolve("not-a-run"));
        for (int round = 0; round < 3; round++) {
            while (!worker.isEmpty()) {
                worker.remove(0).run();
            }
            while (!fx.isEmpty()) {
                fx.remove(0).run();
            }
        }
        assertTrue(vm.statusProperty().get().contains("not-a-run"), vm.statusProperty().get());
        assertNull(vm.embeddingsProperty().get(), "nothing mapped");
    }
}
