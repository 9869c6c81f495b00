package org.contrastlab.visual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The reusable views on the FX thread, headless. */
class ViewsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void argbPixelsArriveUnchanged() throws Exception {
        int[] px = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456, 0xFFFFFFFF, 0xFF000000};
        WritableImage img = ArgbImages.toImage(px, 3, 2);
        assertEquals(0xFF123456, img.getPixelReader().getArgb(0, 1));
        assertEquals(0xFF0000FF, img.getPixelReader().getArgb(2, 0));
        assertThrows(IllegalArgumentException.class, () -> ArgbImages.toImage(px, 4, 2));
    }

    @Test
    void gridShowsOneCellPerTile() throws Exception {
        ImageGridView grid = WaitForAsyncUtils.asyncFx(() -> {
            ImageGridView g = new ImageGridView(32);
            ImageTile t = new ImageTile(new int[16], 4, 4, "x");
            g.setRows(List.of(List.of(t, t, t), List.of(t, t)));
            return g;
        }).get(10, TimeUnit.SECONDS);
        assertEquals(5, grid.tileCount());
    }

    @Test
    void chartAppendsBatchesAndKeepsTheLastValue() throws Exception {
        LiveLineChart chart = WaitForAsyncUtils.asyncFx(() -> {
            LiveLineChart c = new LiveLineChart("t", "step", "loss");
            c.append(new double[] {1, 2, 3}, new double[] {5, 4, 3.5});
            c.append(new double[] {4}, new double[] {3.2});
            return c;
        }).get(10, TimeUnit.SECONDS);
        assertEquals(4, chart.pointCount());
        assertEquals(3.2, chart.lastY());
    }
}
