package org.contrastlab.app.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.input.MouseButton;
import org.contrastlab.app.ContrastLabApp;
import org.contrastlab.app.UiSnapshots;
import org.contrastlab.app.runs.RunsView;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.RunSummary;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.tsne.MapQuality;
import org.contrastlab.sample.Examples;
import org.contrastlab.visual.ScatterPlot;
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
 * The explorer headless (Monocle) on the example that ships with the app, SimCLR's default
 * run on {@code sample:shapes}: opened by itself on a first look at the tab; the t-SNE maps of its embeddings of the held-out images and of
 * the same backbone at random
 * initialisation animate and keep the embeddings' neighbourhoods; a click shows the
 * nearest neighbours, the legend hides a class, the coordinates export as CSV, and a snapshot
 * goes to {@code target/ui-snapshots/explorer.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerViewTest {
    @TempDir
    static Path tmp;
    private static ContrastLabApp app;
    private static Path run;
    private static DatasetSplits shapes;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        shapes = Datasets.open("sample:shapes", new LoadOptions(64, 0.1, 42));
        // the example that ships with the app: the README's default SimCLR run on sample:shapes (1,000 steps)
        run = Examples.unpack(Examples.byId("simclr-shapes").orElseThrow(), tmp);
        FxToolkit.registerPrimaryStage();
        app = (ContrastLabApp) FxToolkit.setupApplication(() -> new ContrastLabApp(TrainConfig.small("sample:shapes")));
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(1) // first: it checks the window's first look, before anything else is opened
    @SuppressWarnings("checkstyle:methodlength") // one scenario on one trained run, which takes minutes to map
    void mapsTheTrainedEmbeddingsBesideTheRandomOnes() throws Exception {
        robot.interact(() -> app.showTab("Embeddings"));
        ExplorerViewModel vm = app.explorer();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.images() != null);
        // a first look on the built-in data: the explorer opens the shipped example by itself
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.titleProperty(ExplorerViewModel.TRAINED).get().contains("simclr-shapes"));
        assertTrue(vm.hasRun());
        robot.interact(() -> {
            vm.setImages(shapes.test(), "sample:shapes");
            vm.setLimit(1000);
            vm.open(run);
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.measured(ExplorerViewModel.TRAINED) != null
                && vm.measured(ExplorerViewModel.RANDOM) != null);
        MapQuality trained = vm.measured(ExplorerViewModel.TRAINED);
        MapQuality random = vm.measured(ExplorerViewModel.RANDOM);
        System.out.printf("explorer: 2-D kNN accuracy trained %.4f, random init %.4f; trustworthiness %.4f / %.4f%n",
                trained.knnAccuracy(), random.knnAccuracy(), trained.trustworthiness(), random.trustworthiness());
        // both maps keep the embeddings' neighbourhoods (a broken t-SNE would give about 0.5), and the
        // trained one groups the shapes by class where the random one groups them by colour
        assertTrue(trained.knnAccuracy() > random.knnAccuracy() + 0.15, trained.knnAccuracy() + " against " + random.knnAccuracy());
        assertTrue(trained.trustworthiness() > 0.9 && random.trustworthiness() > 0.9,
                trained.trustworthiness() + " / " + random.trustworthiness());
        assertTrue(trained.knnAccuracy() > 0.1 && random.knnAccuracy() > 0.1, "above chance (10 classes)");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.qualityProperty(ExplorerViewModel.RANDOM).get()
                .contains("trustworthiness"));
        // the layout was sampled while t-SNE ran, not only at the end
        assertTrue(app.explorerView().frameUpdates() > 4, "map updates " + app.explorerView().frameUpdates());
        assertEquals(1000, vm.embeddingsProperty().get().n());
        // cached with the run: reopening reads them back
        try (Stream<Path> cached = Files.list(run.resolve("embeddings"))) {
            assertEquals(List.of("sample_shapes-test-1000-random.labels.tsv", "sample_shapes-test-1000-random.npy",
                    "sample_shapes-test-1000-step1000.labels.tsv", "sample_shapes-test-1000-step1000.npy"),
                    cached.map(p -> p.getFileName().toString()).sorted().toList());
        }

        // a click on a point: its ten nearest neighbours in the embedding space
        ScatterPlot plot = app.explorerView().plot(ExplorerViewModel.TRAINED);
        WaitForAsyncUtils.waitForFxEvents();
        Point2D at = plot.localToScreen(plot.px(7), plot.py(7));
        robot.moveTo(at).clickOn();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.neighboursProperty().get().length == 10);
        int[] near = vm.neighboursProperty().get();
        // the point under the mouse: 7, or one drawn over it (a trained map packs a class tightly)
        int clicked = plot.focus();
        assertTrue(clicked >= 0 && Math.hypot(plot.px(clicked) - plot.px(7), plot.py(clicked) - plot.py(7)) < 8, "clicked " + clicked);
        assertEquals(List.of(), Arrays.stream(near).boxed().filter(j -> j == clicked).toList(), "the point itself is not its neighbour");

        // the legend hides a class
        CheckBox first = robot.lookup(".check-box").queryAllAs(CheckBox.class).stream()
                .filter(c -> c.getText().equals("circle")).findFirst().orElseThrow();
        robot.interact(() -> first.setSelected(false));

        // a lasso around the clicked point's neighbourhood: the images inside shown in the strip
        double x0 = plot.px(7);
        double y0 = plot.py(7);
        boolean[] inside = plot.inside(List.of(x0 - 40, y0 - 40, x0 + 40, y0 - 40, x0 + 40, y0 + 40, x0 - 40, y0 + 40));
        assertTrue(inside[7]);
        robot.interact(() -> app.explorerView().select(inside));
        long count = IntStream.range(0, inside.length).filter(i -> inside[i]).count();
        assertEquals(Math.min(40, count), app.explorerView().stripSize());
        Path svg = tmp.resolve("map.svg");
        robot.interact(() -> app.explorerView().exportSvg(svg));
        String svgText = Files.readString(svg);
        assertTrue(svgText.startsWith("<svg") && svgText.split("<circle").length > 1000, "both maps' points as circles");

        Path csv = tmp.resolve("map.csv");
        robot.interact(() -> app.explorerView().exportCsv(csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("index,label,class,x,y,random_x,random_y", lines.get(0));
        assertEquals(1001, lines.size());
        Path projector = tmp.resolve("projector");
        robot.interact(() -> app.explorerView().exportProjector(projector));
        assertEquals(1001, Files.readAllLines(projector.resolve("metadata.tsv")).size());
        assertTrue(Files.size(projector.resolve("sprite.png")) > 10_000);
        robot.interact(() -> first.setSelected(true));
        robot.interact(() -> app.explorerView().colourBy("k-means clusters"));
        robot.interact(() -> app.explorerView().colourBy("crescent"));
        robot.interact(() -> app.explorerView().colourBy("class"));
        WaitForAsyncUtils.waitForFxEvents();
        Path snapshot = UiSnapshots.write(app.explorerView().getScene(), "explorer.png");
        assertTrue(Files.size(snapshot) > 10_000);

        // the first three principal components, turned by dragging
        robot.interact(() -> app.explorerView().showThreeD(true));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, plot::isThreeD);
        double[] xyz = vm.pca3d(ExplorerViewModel.TRAINED);
        assertEquals(3000, xyz.length);
        double[] spread = new double[3];
        for (int i = 0; i < 1000; i++) {
            for (int k = 0; k < 3; k++) {
                spread[k] += xyz[3 * i + k] * xyz[3 * i + k];
            }
        }
        assertTrue(spread[0] >= spread[1] && spread[1] >= spread[2] && spread[2] > 0, "components by variance: " + Arrays.toString(spread));
        double before = plot.px(7);
        Point2D centre = plot.localToScreen(plot.getWidth() / 2, plot.getHeight() / 2);
        robot.drag(centre, MouseButton.PRIMARY).moveBy(80, 0).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Math.abs(plot.px(7) - before) > 1, "dragging turns the points: " + before + " -> " + plot.px(7));
        UiSnapshots.write(app.explorerView().getScene(), "explorer-3d.png");
        robot.interact(() -> app.explorerView().showThreeD(false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !plot.isThreeD());

        // a split with too few images is refused with a message, and the maps are left as they were
        robot.interact(() -> {
            vm.setImages(shapes.test().head(3), "three images");
            vm.open(run);
        });
        assertEquals("cannot map " + run.getFileName() + ": the held-out split of three images has only 3 image(s);"
                + " a map needs at least 5 (open a dataset with a test split)", vm.statusProperty().get());
        assertEquals(1000, vm.embeddingsProperty().get().n());

        // a published weights file (MoCo v2's layout around a narrow torchvision ResNet-50): mapped alone
        Path published = Path.of("../core/src/test/resources/fixtures/torch/mocov2_resnet50.pth.tar").toAbsolutePath();
        Embeddings mapped = vm.embeddingsProperty().get();
        robot.interact(() -> {
            vm.setImages(shapes.test(), "sample:shapes");
            vm.open(published);
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> vm.embeddingsProperty().get() != mapped
                && vm.embeddingsProperty().get().d() == 128);
        assertEquals("weights: mocov2_resnet50.pth.tar", vm.titleProperty(0).get());
        assertTrue(vm.titleProperty(1).get().contains("no random initialisation"), vm.titleProperty(1).get());

        // the runs view: the run listed with its curves; deleted only when confirmed. Its few-labels
        // results (as eval finetune / eval linear record them; session 12's CIFAR figures) are drawn
        // as top-1 against the labelled images
        for (FewLabelResults.Entry e : List.of(new FewLabelResults.Entry("finetune", "trained", "10%", 1000, 42, 0.4676, 450),
                new FewLabelResults.Entry("finetune", "random", "10%", 1000, 42, 0.4408, 450),
                new FewLabelResults.Entry("linear", "trained", "10%", 1000, 42, 0.4463, 100),
                new FewLabelResults.Entry("linear", "trained", "100%", 10000, 42, 0.5320, 100))) {
            FewLabelResults.add(run, e);
        }
        RunsView runs = app.runsView();
        robot.interact(() -> {
            app.showTab("Runs");
            runs.setFolder(tmp);
        });
        // (the other test's CIFAR run may be listed too)
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> runs.table().getItems().stream().anyMatch(r -> r.root().equals(run)));
        int row = 0;
        while (!runs.table().getItems().get(row).root().equals(run)) {
            row++;
        }
        RunSummary listed = runs.table().getItems().get(row);
        assertEquals("simclr", listed.method());
        assertEquals(1000, listed.stepsDone());
        assertTrue(listed.knn() != null && listed.knn() > 0, "the final kNN: " + listed.knn());
        int selected = row;
        robot.interact(() -> runs.table().getSelectionModel().clearAndSelect(selected));
        assertEquals(1, runs.lossChart().getData().size());
        assertEquals(1000, runs.lossChart().getData().get(0).getData().size());
        // SimCLR's collapse monitor, step by step, beside the loss (what a run with a switch removed is compared on)
        assertEquals(1, runs.collapseChart().getData().size());
        assertEquals(1000, runs.collapseChart().getData().get(0).getData().size());
        assertEquals(List.of("finetune · random", "finetune · trained", "linear · trained"),
                runs.fewLabelsChart().getData().stream().map(XYChart.Series::getName).toList());
        assertEquals(2, runs.fewLabelsChart().getData().get(2).getData().size(), "the probe on 10 % and on all labels");
        // the shipped examples are listed below the runs and are not deleted
        assertTrue(runs.table().getItems().stream().anyMatch(r -> r.root().endsWith(Path.of("examples", "simclr-shapes"))),
                "the examples are listed");
        WaitForAsyncUtils.waitForFxEvents();
        UiSnapshots.write(runs.getScene(), "runs.png");
        int listedRuns = runs.table().getItems().size();
        robot.interact(() -> runs.deleteSelected(() -> false));
        assertTrue(Files.isDirectory(run), "not confirmed: kept");
        robot.interact(() -> runs.deleteSelected(() -> true)); // deleted on the worker
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.notExists(run));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.table().getItems().size() == listedRuns - 1);
    }

    @Test
    @Order(2)
    void theMapOfALearnedModelSeparatesTheClassesClearlyBetterThanItsRandomInitialisation() throws Exception {
        // the CIFAR example that ships with the app: SimCLR, 1,500 steps of 64 (kNN 0.448 against 0.325 at random init); it
        // was trained by the project's own command, as this test did with 100 steps before (which cost CI several minutes)
        String cifar = Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString();
        DatasetSplits data = Datasets.open(cifar, LoadOptions.defaults());
        Path learned = Examples.unpack(Examples.byId("simclr-cifar").orElseThrow(), tmp);
        ExplorerViewModel vm = app.explorer();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.images() != null);
        robot.interact(() -> {
            vm.setImages(data.test(), "cifar10");
            vm.setLimit(2000);
            vm.open(learned);
        });
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> vm.measured(ExplorerViewModel.TRAINED) != null
                && vm.measured(ExplorerViewModel.RANDOM) != null);
        MapQuality trained = vm.measured(ExplorerViewModel.TRAINED);
        MapQuality random = vm.measured(ExplorerViewModel.RANDOM);
        System.out.printf("explorer on CIFAR: 2-D kNN accuracy trained %.4f, random init %.4f%n", trained.knnAccuracy(),
                random.knnAccuracy());
        assertTrue(trained.knnAccuracy() > random.knnAccuracy() + 0.04,
                "trained " + trained.knnAccuracy() + " against random init " + random.knnAccuracy());

        // two runs side by side: the same images through a run of SimCLR's CIFAR preset trained here for 10 steps
        Path early = tmp.resolve("simclr-cifar-10");
        TrainConfig short10 = TrainConfig.small(cifar).toBuilder().steps(10).evalEvery(0).checkpointEvery(0).build();
        new Trainer(short10, data, RunDirectory.create(early, short10, false), e -> { }, Device.cpu()).run(() -> false);
        robot.interact(() -> vm.open(learned, early));
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> vm.measured(ExplorerViewModel.TRAINED) != null
                && vm.measured(ExplorerViewModel.RANDOM) != null);
        assertEquals("trained: simclr-cifar-10", vm.titleProperty(ExplorerViewModel.RANDOM).get());
        System.out.printf("explorer on CIFAR: the example %.4f beside 10 steps %.4f%n",
                vm.measured(ExplorerViewModel.TRAINED).knnAccuracy(), vm.measured(ExplorerViewModel.RANDOM).knnAccuracy());
        assertEquals(trained.knnAccuracy(), vm.measured(ExplorerViewModel.TRAINED).knnAccuracy(), 1e-9,
                "the same map again (cached embeddings, seeded t-SNE)");
    }
}
