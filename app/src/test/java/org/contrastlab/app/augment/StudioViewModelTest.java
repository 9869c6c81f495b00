package org.contrastlab.app.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.visual.ImageTile;
import org.contrastlab.visual.TileBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio without a window: renders run on the worker, and only what fx brings reaches the views. */
class StudioViewModelTest {
    @TempDir
    Path tmp;

    private final List<Runnable> worker = new ArrayList<>();
    private final List<Runnable> fx = new ArrayList<>();

    private void settle() {
        for (int round = 0; round < 4; round++) {
            while (!worker.isEmpty()) {
                worker.remove(0).run();
            }
            while (!fx.isEmpty()) {
                fx.remove(0).run();
            }
        }
    }

    @Test
    void rendersOnTheWorkerAndReportsFilesThatCannotBeRead() throws Exception {
        StudioViewModel vm = new StudioViewModel(worker::add, null, fx::add, recipe -> null);
        byte[] pixels = new byte[4 * 3 * 32 * 32];
        new Random(1).nextBytes(pixels);
        vm.setDataset(new ImageStore(pixels, new int[] {0, 1, 0, 1}, List.of("a", "b"), null, 32, 32), "noise");
        assertEquals(0, vm.framesProperty().get(), "nothing rendered on the caller's thread");
        settle();
        assertTrue(vm.framesProperty().get() >= 1, "a render reached the view");
        assertFalse(vm.rowsProperty().get().isEmpty());

        Path broken = Files.write(tmp.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2});
        vm.addFiles(List.of(broken));
        assertEquals("", vm.messageProperty().get());
        settle();
        assertTrue(vm.messageProperty().get().startsWith("skipped ") && vm.messageProperty().get().contains("broken.jpg"),
                vm.messageProperty().get());

        // CMC's preset shows each view's L and ab channels after it; another preset puts them away
        int plain = vm.rowsProperty().get().get(0).size();
        vm.applyPreset("cmc");
        settle();
        List<String> captions = vm.rowsProperty().get().get(0).stream().map(t -> t.caption()).toList();
        assertEquals(List.of("L", "ab"), captions.subList(2, 4), captions.toString());
        assertEquals(1 + 3, captions.size(), "the original, CMC's one view, its L and its ab");
        vm.applyPreset("cpc");
        settle();
        // CPC's: the context, the predicting patch and two patches below it (3 × 3 grid of 16 px every 8 px on the 32 px view)
        List<TileBox> boxes = vm.rowsProperty().get().get(0).get(1).boxes();
        assertEquals(4, boxes.size(), boxes.toString());
        assertEquals(new TileBox(0, 0, 32, 16, CpcOverlay.CONTEXT_ARGB), boxes.get(0));
        assertEquals(new TileBox(8, 0, 16, 16, CpcOverlay.SOURCE_ARGB), boxes.get(1));
        assertEquals(new TileBox(8, 8, 16, 16, CpcOverlay.PREDICTED_ARGB), boxes.get(2));
        assertEquals(new TileBox(8, 16, 16, 16, CpcOverlay.PREDICTED_ARGB), boxes.get(3));
        // then the view's 9 patches of 16 px apart, 1 px between them, each keeping one colour channel
        ImageTile patches = vm.rowsProperty().get().get(0).get(2);
        assertEquals("patches", patches.caption());
        assertEquals(3 * 16 + 2, patches.width());
        assertPatchesKeepOneChannel(vm.rowsProperty().get().get(0).get(1).argb(), patches.argb());
        vm.applyPreset("infomin-jigsaw-cifar");
        settle();
        // InfoMin's: the jigsaw view (the third, 30 px) with its 3 × 3 cells of 10 px and a patch of 8 px in each; the pair untouched
        List<ImageTile> row = vm.rowsProperty().get().get(0);
        assertEquals(1 + 3, row.size(), "the original and the three views");
        assertTrue(row.get(1).boxes().isEmpty() && row.get(2).boxes().isEmpty(), "the pair is not cut");
        List<TileBox> jigsaw = row.get(3).boxes();
        assertEquals(18, jigsaw.size(), jigsaw.toString());
        assertEquals(new TileBox(10, 10, 10, 10, JigsawOverlay.CELL_ARGB), jigsaw.get(4));
        assertEquals(new TileBox(11, 11, 8, 8, JigsawOverlay.PATCH_ARGB), jigsaw.get(13));
        vm.applyPreset("simclr-cifar");
        settle();
        assertEquals(plain, vm.rowsProperty().get().get(0).size());
        assertTrue(vm.rowsProperty().get().get(0).get(1).boxes().isEmpty());
    }

    /** Each patch of the tile holds one channel of the view's pixels at its place; the two others are flat (the view's mean). */
    private static void assertPatchesKeepOneChannel(int[] view, int[] tile) {
        int grid = 3;
        int patch = 16;
        int side = grid * patch + grid - 1;
        int[] keptCount = new int[3];
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                int kept = -1;
                for (int ch = 0; ch < 3; ch++) {
                    boolean same = true;
                    for (int y = 0; y < patch && same; y++) {
                        for (int x = 0; x < patch && same; x++) {
                            int shift = 16 - 8 * ch;
                            int shown = tile[(r * (patch + 1) + y) * side + c * (patch + 1) + x] >> shift & 0xFF;
                            same = shown == (view[(r * patch / 2 + y) * 32 + c * patch / 2 + x] >> shift & 0xFF);
                        }
                    }
                    if (same && kept < 0) {
                        kept = ch;
                    }
                }
                assertTrue(kept >= 0, "patch " + r + "," + c + " keeps no channel of the view");
                keptCount[kept]++;
            }
        }
        // drawn per patch, not once per view: nine patches do not all keep the same channel
        assertTrue(Arrays.stream(keptCount).filter(n -> n > 0).count() >= 2, "kept channels drawn: " + Arrays.toString(keptCount));
    }
}
