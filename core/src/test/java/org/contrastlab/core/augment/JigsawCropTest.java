package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The jigsaw crop takes, for every image and cell of the 3 × 3 grid, the patch at its own place
 * inside that cell: checked on views whose every pixel holds its own position.
 */
class JigsawCropTest {
    @Test
    void eachPatchIsTheViewsPixelsAtItsPlaceInItsCell() {
        int size = 30;
        int p = JigsawCrop.patch(size);
        assertEquals(10, JigsawCrop.cell(size));
        assertEquals(8, p, "64/85 of a 10 px cell");
        try (NDManager m = NDManager.newBaseManager()) {
            float[] pixels = new float[2 * 3 * size * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i; // image, channel, row, column all recoverable from the value
            }
            NDArray views = m.create(pixels, new Shape(2, 3, size, size));
            long[] offsets = new long[2 * 9 * 2];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = (i * 7L) % 3; // 0..2: a patch of 8 px fits 3 places in a 10 px cell
            }
            NDArray patches = JigsawCrop.at(views, m.create(offsets, new Shape(2, 9, 2)), m);
            assertEquals(new Shape(2, 9, 3, p, p), patches.getShape());
            for (int b = 0; b < 2; b++) {
                for (int cell = 0; cell < 9; cell++) {
                    long top = (cell / 3) * 10L + offsets[(b * 9 + cell) * 2];
                    long left = (cell % 3) * 10L + offsets[(b * 9 + cell) * 2 + 1];
                    for (int c = 0; c < 3; c++) {
                        float[] got = patches.get(b + "," + cell + "," + c).toFloatArray();
                        float[] want = new float[p * p];
                        for (int y = 0; y < p; y++) {
                            for (int x = 0; x < p; x++) {
                                want[y * p + x] = ((b * 3 + c) * size + top + y) * size + left + x;
                            }
                        }
                        assertArrayEquals(want, got, "image " + b + ", cell " + cell + ", channel " + c);
                    }
                }
            }
        }
    }

    @Test
    void randomPlacesStayInsideTheirCellsAndComeOutImageByImage() {
        int size = 30;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] rows = new float[4 * size * size];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (i / size) % size; // each pixel holds its row
            }
            NDArray views = m.create(rows, new Shape(4, 1, size, size));
            NDArray patches = JigsawCrop.cut(views, m);
            assertEquals(new Shape(36, 1, 8, 8), patches.getShape());
            for (int i = 0; i < 36; i++) {
                float top = patches.get(i + ",0,0,0").getFloat();
                int cellRow = (i % 9) / 3;
                assertTrue(top >= cellRow * 10 && top + 8 <= cellRow * 10 + 10, "patch " + i + " starts on row " + top);
            }
        }
        assertNull(JigsawCrop.problem(30));
        assertNotNull(JigsawCrop.problem(12), "3 px patches are refused");
    }
}
