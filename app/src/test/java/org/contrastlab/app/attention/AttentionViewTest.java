package org.contrastlab.app.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The attention viewer headless (Monocle) on a micro ViT trained here with DINO: the image, the
 * mean and every head appear; the mask, the grid and hovering a patch change them; the figure
 * exports as a PNG; a ConvNet run is refused with a message; a snapshot goes to
 * {@code target/ui-snapshots/attention-viewer.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttentionViewTest {
    @TempDir
    static Path tmp;
    private static Stage stage;
    private static ContrastLabApp app;
    private static Path vitRun;
    private static Path convRun;
    private static Path swinRun;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        DatasetSplits shapes = Datasets.open("sample:shapes", new LoadOptions(64, 0.1, 42));
        TrainConfig dino = MethodPresets.small("dino", "sample:shapes").toBuilder().backbone("vit-micro").imageSize(64)
                .views(ViewRecipes.byName("dino-cifar").resized(64))
                .steps(30).batchSize(32).evalEvery(0).checkpointEvery(0).build();
        vitRun = tmp.resolve("dino");
        new Trainer(dino, shapes, RunDirectory.create(vitRun, dino, false), e -> { }, Device.cpu()).run(() -> false);
        TrainConfig conv = TrainConfig.small("sample:shapes").toBuilder().backbone("convnet-tiny").steps(1).batchSize(16)
                .evalEvery(0).checkpointEvery(0).build();
        convRun = tmp.resolve("conv");
        new Trainer(conv, shapes, RunDirectory.create(convRun, conv, false), e -> { }, Device.cpu()).run(() -> false);
        TrainConfig moby = MethodPresets.small("moby", "sample:shapes").toBuilder().steps(2).batchSize(16).evalEvery(0)
                .checkpointEvery(0).methodParams(Map.of("queue_size", 64.0)).build();
        swinRun = tmp.resolve("moby");
        new Trainer(moby, shapes, RunDirectory.create(swinRun, moby, false), e -> { }, Device.cpu()).run(() -> false);
        stage = FxToolkit.registerPrimaryStage();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(TrainConfig.small("sample:shapes")));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(1)
    void showsEveryHeadOfATrainedVitAndFollowsTheControls() throws Exception {
        robot.interact(() -> app.showTab("Attention"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.attentionView() != null
                && robot.lookup("#image-index").tryQuery().isPresent() && app.attention().statusProperty().get() != null);
        // a first look on the built-in data: the shipped DINO example is open before the user opens anything
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.attention().hasModel());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.attention().statusProperty().get().contains("dino-vit-shapes"));
        WaitForAsyncUtils.waitForFxEvents();
        UiSnapshots.write(app.attentionView().getScene(), "attention-example.png"); // README's docs/attention.png
        robot.interact(() -> app.attention().openModel(vitRun));
        AttentionViewModel vm = app.attention();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.attentionView().tileCount() == 6
                && vm.statusProperty().get().contains("dino (step 30, teacher backbone)"));
        WaitForAsyncUtils.waitForFxEvents();
        AttentionViewModel.Figure f = vm.figureProperty().get();
        assertEquals(8, f.gridW());
        assertEquals("mean of heads · CLS", f.tiles().get(1).caption());
        assertEquals("head 3 · CLS", f.tiles().get(5).caption());
        String status = robot.lookup("#attention-status").queryAs(Label.class).getText();
        assertTrue(status.contains("dino (step 30, teacher backbone)") && status.contains("8×8 patches of 8 px")
                && status.contains("layer 4 of 4"), status);

        // the mask and the grid: the tiles change
        int before = vm.figureCount();
        robot.clickOn("#mask-check");
        robot.clickOn("#grid-check");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figureCount() > before
                && vm.figureProperty().get().tiles().get(1).caption().endsWith("60 % mask"));
        assertTrue(robot.lookup("#mask-check").queryAs(CheckBox.class).isSelected());

        // hover a patch of the mean tile: every tile then shows where that patch attends
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            int n = vm.figureCount();
            Thread.sleep(500);
            return n == vm.figureCount(); // the figures of the two clicks have landed
        });
        WaitForAsyncUtils.waitForFxEvents();
        ImageView mean = robot.lookup("#attention-view").queryAs(AttentionView.class).lookupAll(".image-view").stream()
                .map(n -> (ImageView) n).skip(1).findFirst().orElseThrow();
        // a point, not the node: hovering replaces the tiles while the mouse moves
        Point2D centre = mean.localToScreen(mean.getBoundsInLocal().getWidth() * 0.4, mean.getBoundsInLocal().getHeight() * 0.6);
        robot.moveTo(centre);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figureProperty().get().tiles().get(2).caption().contains("patch ("));
        String hovered = vm.figureProperty().get().tiles().get(2).caption();
        assertTrue(hovered.matches("head 0 · patch \\(\\d, \\d\\) · 60 % mask"), hovered);

        Path figure = tmp.resolve("figure.png");
        robot.interact(() -> app.attentionView().exportTo(figure));
        BufferedImage png = ImageIO.read(figure.toFile());
        // 6 tiles of 64 px scaled 3× in rows of four, captions under them
        assertEquals(808, png.getWidth());
        assertEquals(444, png.getHeight());
        // for slides: the same figure as SVG, each tile a picture and each caption text
        Path svg = tmp.resolve("figure.svg");
        robot.interact(() -> app.attentionView().exportTo(svg));
        String doc = Files.readString(svg);
        assertTrue(doc.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"808\" height=\"444\""), doc.substring(0, 80));
        assertEquals(6, doc.split("<image ").length - 1, "six tiles");
        assertTrue(doc.contains(">mean of heads · CLS</text>") || doc.contains("</text>"), "captions as text");

        robot.moveTo("#attention-status");
        robot.clickOn("#mask-check");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figureProperty().get().tiles().get(1).caption()
                .equals("mean of heads · CLS"));

        // following a run: a checkpoint of it refreshes the maps; not following, nothing happens
        int shown = vm.figureCount();
        robot.interact(() -> vm.checkpointWritten(vitRun, 30));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500);
        assertEquals(shown, vm.figureCount(), "not following");
        ProbeStrip strip = vm.probes();
        DatasetSplits shapes = Datasets.open("sample:shapes", new LoadOptions(64, 0.1, 42));
        TrainConfig probed = MethodPresets.small("dino", "sample:shapes").toBuilder().backbone("vit-micro").imageSize(64)
                .views(ViewRecipes.byName("dino-cifar").resized(64))
                .steps(6).batchSize(16).evalEvery(0).checkpointEvery(0).build();
        new Trainer(probed, shapes, null, e -> { }, Device.cpu()).observe(strip.observer()).run(() -> false);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(strip.rows().isEmpty(), "the probes are followed only while following");
        robot.clickOn("#follow-check");
        robot.interact(() -> vm.checkpointWritten(vitRun, 30));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.figureCount() == shown + 1);

        // the probe images while a ViT trains: a row every 2 steps, the untrained model's kept at the bottom
        @SuppressWarnings("unchecked")
        Spinner<Integer> every = robot.lookup("#probe-every").queryAs(Spinner.class);
        robot.interact(() -> every.getValueFactory().setValue(2));
        assertEquals(2, strip.every());
        new Trainer(probed.toBuilder().steps(10).build(), shapes, null, e -> { }, Device.cpu()).observe(strip.observer()).run(() -> false);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> strip.rows().size() == 4 && strip.rows().get(3).step() == 10);
        assertEquals(List.of(0, 6, 8, 10), strip.rows().stream().map(ProbeStrip.Row::step).toList());
        ProbeStrip.Row first = strip.rows().get(0);
        assertEquals(6, first.tiles().size());
        assertEquals(6, first.tiles().stream().map(AttentionFigure.Tile::caption).distinct().count(), "one probe of each of six classes");
        assertTrue(shapes.test().classNames().contains(first.tiles().get(0).caption()), first.tiles().get(0).caption());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#probe-strip").query().isVisible());
        Path snapshot = UiSnapshots.write(app.attentionView().getScene(), "attention-viewer.png");
        assertTrue(Files.size(snapshot) > 10_000);

        // a published PyTorch checkpoint (DINO's full-checkpoint layout): its teacher opens
        Path published = Path.of("../core/src/test/resources/fixtures/torch/dino_vit16.pth").toAbsolutePath();
        robot.interact(() -> app.attention().openModel(published));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.statusProperty().get().contains("dino_vit16.pth")
                && vm.statusProperty().get().contains("encoder at 'teacher.backbone.'"));
        // the picture, the mean and the file's one head (64 wide: timm's 64 channels a head)
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.attentionView().tileCount() == 3);

        robot.interact(() -> app.attention().openModel(convRun));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.statusProperty().get().contains("not a ViT"));
        assertEquals(3, app.attentionView().tileCount(), "the last figure stays");
    }

    @Test
    @Order(2) // after the first look, which expects the shipped example open
    void showsASwinsWindowsAndSaysItHasNoCls() throws Exception {
        robot.interact(() -> app.showTab("Attention"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.attentionView() != null
                && app.attention().statusProperty().get() != null);
        AttentionViewModel vm = app.attention();
        robot.interact(() -> vm.openModel(swinRun));
        // the last of its six blocks first: stage 3, one window of 4 × 4 tokens, 12 heads
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.attentionView().tileCount() == 14
                && vm.statusProperty().get().contains("moby (step 2)"));
        assertEquals(6, vm.layersProperty().get());
        // stage 1's second block, shifted windows, chosen as a user would: with the layer spinner
        robot.interact(() -> robot.lookup("#layer").queryAs(Spinner.class).getValueFactory().setValue(2));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.attentionView().tileCount() == 5
                && vm.statusProperty().get().contains("shifted by 2"));
        String status = vm.statusProperty().get();
        assertTrue(status.contains("16×16 tokens") && status.contains("no CLS token") && status.contains("layer 2 of 6"), status);
        AttentionViewModel.Figure f = vm.figureProperty().get();
        assertEquals("mean of heads · mean of tokens (a Swin has no CLS)", f.tiles().get(1).caption());
        assertEquals(16, f.gridW());
        robot.interact(() -> vm.setQuery(1 + 5 * 16 + 6));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.figureProperty().get().tiles().get(2).caption()
                .equals("head 0 · token (5, 6)"));
        WaitForAsyncUtils.waitForFxEvents();
        Path snapshot = UiSnapshots.write(app.attentionView().getScene(), "attention-swin.png");
        assertTrue(Files.size(snapshot) > 10_000);
    }
}
