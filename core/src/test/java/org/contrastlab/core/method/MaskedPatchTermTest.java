package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** iBOT's masks: how many patches each view hides, and that exactly those pixels are blanked. */
class MaskedPatchTermTest {
    private static MaskedPatchTerm term(double ratio, double share) {
        return term(ratio, share, false);
    }

    private static MaskedPatchTerm term(double ratio, double share, boolean blocks) {
        return new MaskedPatchTerm(MethodParams.resolve(Dino.SPEC, Map.of("patch_loss", 1.0, "mask_ratio", ratio, "mask_share",
                share, "block_masks", blocks ? 1.0 : 0.0)), 10);
    }

    @Test
    void aMaskedViewHidesAShareOfItsPatchesWithinTheRatiosRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] masks = term(0.3, 1).draw(m, 400, 4, 4).toFloatArray();
            int least = 16;
            int most = 0;
            for (int b = 0; b < 400; b++) {
                int hidden = 0;
                for (int n = 0; n < 16; n++) {
                    float v = masks[b * 16 + n];
                    assertTrue(v == 0 || v == 1, "mask values are 0 or 1: " + v);
                    hidden += (int) v;
                }
                least = Math.min(least, hidden);
                most = Math.max(most, hidden);
            }
            // ⌊r·16⌋ with r in [0.1, 0.5): 1 to 7 patches, and both ends come up in 400 draws
            assertEquals(1, least);
            assertEquals(7, most);
        }
    }

    @Test
    void aboutTheShareOfViewsIsMaskedAndTheRestIsWhole() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] masks = term(0.5, 0.5).draw(m, 1000, 4, 4).toFloatArray();
            int masked = 0;
            for (int b = 0; b < 1000; b++) {
                float sum = 0;
                for (int n = 0; n < 16; n++) {
                    sum += masks[b * 16 + n];
                }
                masked += sum > 0 ? 1 : 0;
            }
            assertTrue(masked > 430 && masked < 570, masked + " of 1000 views masked at share 0.5");
            assertEquals(0, term(0.3, 0).draw(m, 50, 4, 4).sum().getFloat(), "share 0 masks nothing");
        }
    }

    @Test
    void blockMasksHideFewRectanglesWhereRandomOnesScatter() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a 14 × 14 grid, as a 224 px view of a patch-16 ViT: blocks of at least (14 div 3)² = 16 patches at first
            int side = 14;
            float[] blocks = term(0.3, 1, true).draw(m, 200, side, side).toFloatArray();
            float[] scattered = term(0.3, 1, false).draw(m, 200, side, side).toFloatArray();
            double total = 0;
            double blockParts = 0;
            double randomParts = 0;
            for (int b = 0; b < 200; b++) {
                int hidden = 0;
                for (int i = 0; i < side * side; i++) {
                    hidden += (int) blocks[b * side * side + i];
                }
                // r below 0.5: never more than half the grid
                assertTrue(hidden >= 1 && hidden < side * side / 2, "view " + b + " hides " + hidden);
                total += hidden;
                blockParts += parts(blocks, b, side);
                randomParts += parts(scattered, b, side);
            }
            double share = total / (200.0 * side * side);
            System.out.printf("block masks: share %.3f, %.1f pieces a view; random masks %.1f pieces%n", share, blockParts / 200,
                    randomParts / 200);
            // r averages 0.3 (± 0.008 over 200 views); the blocks fill most of it, as BEiT's generator does
            assertTrue(share > 0.22 && share < 0.33, "hidden share " + share);
            assertTrue(blockParts / 200 < 6 && randomParts / 200 > 15, blockParts / 200 + " pieces against " + randomParts / 200);
        }
    }

    /** How many 4-connected pieces view {@code b}'s hidden patches make. */
    private static int parts(float[] masks, int b, int side) {
        boolean[] seen = new boolean[side * side];
        int pieces = 0;
        for (int i = 0; i < side * side; i++) {
            if (masks[b * side * side + i] == 1 && !seen[i]) {
                pieces++;
                ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(i));
                seen[i] = true;
                while (!queue.isEmpty()) {
                    int at = queue.poll();
                    int y = at / side;
                    int x = at % side;
                    for (int next : new int[] {y > 0 ? at - side : -1, y < side - 1 ? at + side : -1, x > 0 ? at - 1 : -1,
                            x < side - 1 ? at + 1 : -1}) {
                        if (next >= 0 && !seen[next] && masks[b * side * side + next] == 1) {
                            seen[next] = true;
                            queue.add(next);
                        }
                    }
                }
            }
        }
        return pieces;
    }

    @Test
    void hidingBlanksExactlyTheMaskedPatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two images of 3 × 8 × 12 px, patches of 4: a 2 × 3 grid, and two spare pixel rows below it
            NDArray images = m.randomUniform(1f, 2f, new Shape(2, 3, 10, 12));
            NDArray masks = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, new Shape(2, 6));
            float[] out = MaskedPatchTerm.hide(images, masks, new int[] {2, 3}, 4).toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 10; y++) {
                        for (int x = 0; x < 12; x++) {
                            float v = out[((b * 3 + c) * 10 + y) * 12 + x];
                            boolean blank = b == 0 && y < 8 && (y / 4 == 0 && x / 4 == 0 || y / 4 == 1 && x / 4 == 2);
                            assertTrue(blank ? v == 0 : v >= 1, "image " + b + " pixel (" + y + ", " + x + "): " + v);
                        }
                    }
                }
            }
        }
    }
}
