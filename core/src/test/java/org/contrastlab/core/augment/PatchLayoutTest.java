package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatchLayoutTest {
    @Test
    void cutsLikeBoltsOnCifar() {
        PatchLayout cifar = new PatchLayout(32, 7);
        assertEquals(4, cifar.stride(), "lightning-bolts' CIFAR-10 CPC: patches every 4 px");
        assertEquals(8, cifar.patch(), "8 px patches");
        assertEquals(24, cifar.start(6), "the last patch ends on the image's last pixel");
        assertEquals(32, cifar.start(6) + cifar.patch());
    }

    @Test
    void roundsTheStrideDownSoEveryPatchFitsInside() {
        for (int size = 9; size <= 100; size++) {
            for (int grid = 2; grid < size / 2; grid++) {
                PatchLayout l = new PatchLayout(size, grid);
                assertTrue(l.start(grid - 1) + l.patch() <= size, size + " px, grid " + grid);
            }
        }
    }

    @Test
    void refusesAnImageTooSmallForItsGrid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PatchLayout(7, 7));
        assertTrue(e.getMessage().contains("7 px is too small for a 7 × 7 grid"), e.getMessage());
    }
}
