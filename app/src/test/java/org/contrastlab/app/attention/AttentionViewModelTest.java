package org.contrastlab.app.attention;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention viewer's state without a window: reading happens on the worker, and what it finds comes back through fx. */
class AttentionViewModelTest {
    @TempDir
    Path tmp;

    private final List<Runnable> worker = new ArrayList<>();
    private final List<Runnable> fx = new ArrayList<>();

    private static void drain(List<Runnable> queue) {
        while (!queue.isEmpty()) {
            queue.remove(0).run();
        }
    }

    @Test
    void anUnreadableImageOrModelIsReportedNamingTheFile() throws Exception {
        AttentionViewModel vm = new AttentionViewModel(worker::add, fx::add);
        Path broken = Files.write(tmp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        vm.showFile(broken);
        assertTrue(fx.isEmpty(), "nothing read on the caller's thread");
        drain(worker);
        assertFalse(fx.isEmpty(), "the worker posts what it found");
        drain(fx);
        assertTrue(vm.statusProperty().get().contains("broken.png"), vm.statusProperty().get());

        vm.showImage(new ImageStore(new byte[3 * 16 * 16], new int[] {0}, List.of("a"), null, 16, 16), 0, "grey");
        vm.openModel(tmp.resolve("no-such-run"));
        for (int round = 0; round < 3; round++) { // the refresh may take a worker and an fx turn or two
            drain(worker);
            drain(fx);
        }
        assertTrue(vm.statusProperty().get().contains("no-such-run"), vm.statusProperty().get());
    }
}
