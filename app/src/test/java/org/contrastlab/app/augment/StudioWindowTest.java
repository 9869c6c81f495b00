package org.contrastlab.app.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.visual.ImageTile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio headless (Monocle), as a person uses it: eight images of sample:shapes with two
 * 96 px views each (16 previews); moving the crop-scale slider re-renders the views while it moves (the
 * frames per second are printed and written to {@code target/ui-snapshots/studio-fps.txt}),
 * and the new views keep at least the new share of the image; hover texts say what was
 * drawn; the pipeline shows one image per op; the edited recipe goes to training. Leaves
 * {@code target/ui-snapshots/studio.png} and {@code studio-pipeline.png} to look at.
 */
class StudioWindowTest {
    private static Stage stage;
    private static ContrastLabApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        TrainConfig quick = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(4)
                .batchSize(16).checkpointEvery(0).build();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(quick));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void aMovingSliderRedrawsTheViewsFluidly() throws Exception {
        StudioViewModel studio = app.studio();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> studio.rowsProperty().get().size() == 4);
        robot.interact(() -> {
            studio.applyPreset("simclr");
            assertTrue(studio.editGroup(b -> b.size(96).count(2)));
            for (int i = 0; i < 4; i++) {
                studio.addFromDataset(100 + 37 * i);
            }
            app.studioView().syncControls();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> tiles(studio) == 24 && tile(studio, 0, 1).width() == 96);
        settle(studio);
        int[] before = tile(studio, 0, 1).argb();
        assertTrue(app.studioView().grid().tooltipText(1).contains("crop "), app.studioView().grid().tooltipText(1));

        // warm up (the first renders run in the interpreter), then drag the lower end of the crop
        // scale from 0.08 to 0.67 over about two seconds, 60 slider events a second as a mouse drag makes
        for (int k = 0; k < 60; k++) {
            double low = 0.08 + (k % 20) * 0.01;
            Platform.runLater(() -> app.studioView().scaleSlider().setLowValue(low));
            Thread.sleep(33);
        }
        settle(studio);
        int frames0 = studio.framesProperty().get();
        int renders0 = studio.renderCount();
        Map<String, Long> cpu0 = threadCpu();
        long t0 = System.nanoTime();
        // four seconds of dragging: the frame rate of a shorter drag swings with this shared machine's load
        for (int k = 0; k <= 236; k++) {
            double low = 0.08 + k * 0.0025;
            Platform.runLater(() -> app.studioView().scaleSlider().setLowValue(low));
            Thread.sleep(16);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> cpu1 = threadCpu();
        StringBuilder busy = new StringBuilder();
        int shown = studio.framesProperty().get() - frames0;
        double cpuPerFrame = cpu1.entrySet().stream().mapToLong(e -> e.getValue() - cpu0.getOrDefault(e.getKey(), 0L))
                .sum() / 1e6 / Math.max(1, shown);
        busy.append(String.format(Locale.ROOT, " %.1f ms of CPU per frame shown;", cpuPerFrame));
        cpu1.forEach((name, ns) -> {
            double share = (ns - cpu0.getOrDefault(name, 0L)) / 1e9 / seconds;
            if (share > 0.05) {
                busy.append(String.format(Locale.ROOT, " %s=%.0f%%", name, 100 * share));
            }
        });
        int frames = studio.framesProperty().get() - frames0;
        int renders = studio.renderCount() - renders0;
        double fps = frames / seconds;
        String line = String.format(Locale.ROOT, "studio_fps=%.1f (%d frames shown of %d rendered in %.2f s while the slider moved; last "
                + "render %.1f ms; 16 views at 96 px)",
                fps, frames, renders, seconds, studio.lastRenderMillisProperty().get());
        System.out.println(line + "; CPU per thread while dragging:" + busy);
        Files.createDirectories(Path.of("target", "ui-snapshots"));
        Files.writeString(Path.of("target", "ui-snapshots", "studio-fps.txt"), line + "\n");
        assertTrue(frames >= 10, "the views are redrawn while the slider moves: " + line);

        settle(studio);
        ViewRecipe recipe = studio.recipeProperty().get();
        assertEquals(0.67, recipe.groups().get(0).scaleMin(), 1e-9);
        assertFalse(Arrays.equals(before, tile(studio, 0, 1).argb()), "the views changed with the slider");
        for (List<ImageTile> row : studio.rowsProperty().get()) {
            for (ImageTile t : row.subList(1, row.size())) {
                String[] wh = t.caption().split(" ")[0].split("×");
                double area = Double.parseDouble(wh[0]) * Double.parseDouble(wh[1]) / (64.0 * 64.0);
                assertTrue(area >= 0.6, "a crop of " + t.caption() + " is below the new scale range");
            }
        }
        UiSnapshots.write(stage.getScene(), "studio.png");

        // a refused value names the field and leaves the recipe as it was
        robot.interact(() -> assertFalse(studio.editGroup(b -> b.size(-3))));
        assertTrue(studio.messageProperty().get().contains("size must be within 4..1024 px, got -3"), studio.messageProperty().get());
        assertEquals(recipe, studio.recipeProperty().get());

        // pipeline: the original, then one view after each of the seven ops
        robot.interact(() -> studio.pipelineProperty().set(true));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.rowsProperty().get().get(0).size() == 8);
        settle(studio);
        assertEquals("1. crop", studio.rowsProperty().get().get(0).get(1).caption());
        assertEquals("5. randaugment", studio.rowsProperty().get().get(0).get(5).caption());
        assertEquals("7. solarize", studio.rowsProperty().get().get(0).get(7).caption());
        UiSnapshots.write(stage.getScene(), "studio-pipeline.png");
        robot.interact(() -> studio.pipelineProperty().set(false));

        // a recipe the method cannot take is refused with the reason; the edited one is what training uses
        robot.interact(() -> {
            studio.editGroup(b -> b.count(12));
            studio.useForTraining();
        });
        assertTrue(studio.messageProperty().get().contains("method simclr takes 2 to 10 views of each image; recipe 'simclr' makes 12"),
                studio.messageProperty().get());
        robot.interact(() -> {
            studio.editGroup(b -> b.count(2));
            studio.useForTraining();
        });
        TrainConfig config = app.model().config();
        assertNotNull(config.views());
        assertEquals(studio.recipeProperty().get(), config.views());
        assertEquals(96, config.imageSize());
        showsTheViewsOfCmcAndCpc(studio);
    }

    /** The studio's pictures of the views of InfoMin (RandAugment), CMC (L and ab) and CPC v2 (the patch grid), looked at in snapshots. */
    private void showsTheViewsOfCmcAndCpc(StudioViewModel studio) throws Exception {
        // InfoMin's views: RandAugment's ops named under the views they changed
        robot.interact(() -> studio.applyPreset("infomin"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.rowsProperty().get().stream().flatMap(List::stream)
                .anyMatch(t -> t.caption().matches(".*(Rotate|Shear|Translate|Invert|Solarize|Posterize|Equalize|AutoContrast|Color"
                        + "|Contrast|Brightness|Sharpness).*")));
        settle(studio);
        UiSnapshots.write(stage.getScene(), "studio-infomin.png");

        // CMC's views: each crop followed by its L and its ab channels
        robot.interact(() -> studio.applyPreset("cmc"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.rowsProperty().get().get(0).size() == 4);
        settle(studio);
        assertEquals("L", tile(studio, 0, 2).caption());
        assertEquals("ab", tile(studio, 0, 3).caption());
        UiSnapshots.write(stage.getScene(), "studio-cmc.png");

        // CPC v2's view: the context rows, the predicting patch and the patches below it drawn on the view, then its patches
        robot.interact(() -> studio.applyPreset("cpc"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.rowsProperty().get().get(0).size() == 3
                && tile(studio, 0, 1).boxes().size() == 4);
        assertEquals("patches", tile(studio, 0, 2).caption());
        settle(studio);
        UiSnapshots.write(stage.getScene(), "studio-cpc.png");

        // InfoMin's jigsaw view: its cells and the patch cut from each
        robot.interact(() -> studio.applyPreset("infomin-jigsaw-cifar"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.rowsProperty().get().get(0).size() == 4
                && tile(studio, 0, 3).boxes().size() == 18);
        settle(studio);
        UiSnapshots.write(stage.getScene(), "studio-infomin-jigsaw.png");
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                out.merge(t.getThreadName(), mx.getThreadCpuTime(t.getThreadId()), Long::sum);
            }
        }
        return out;
    }

    private static void settle(StudioViewModel studio) throws Exception {
        int last;
        do {
            last = studio.framesProperty().get();
            Thread.sleep(400);
            WaitForAsyncUtils.waitForFxEvents();
        } while (studio.framesProperty().get() != last);
    }

    private static int tiles(StudioViewModel s) {
        return s.rowsProperty().get().stream().mapToInt(List::size).sum();
    }

    private static ImageTile tile(StudioViewModel s, int row, int col) {
        return s.rowsProperty().get().get(row).get(col);
    }
}
