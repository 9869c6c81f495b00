package org.contrastlab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.contrastlab.app.attention.AttentionView;
import org.contrastlab.app.attention.AttentionViewModel;
import org.contrastlab.app.augment.StudioView;
import org.contrastlab.app.augment.StudioViewModel;
import org.contrastlab.app.common.ExampleRuns;
import org.contrastlab.app.common.StatusBar;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.app.explore.ExplorerView;
import org.contrastlab.app.explore.ExplorerViewModel;
import org.contrastlab.app.inside.StepView;
import org.contrastlab.app.lesson.LessonPanel;
import org.contrastlab.app.lesson.LessonsView;
import org.contrastlab.app.runs.RunsView;
import org.contrastlab.app.sweep.SweepView;
import org.contrastlab.app.sweep.SweepViewModel;
import org.contrastlab.app.train.PreviewPanel;
import org.contrastlab.app.train.TrainView;
import org.contrastlab.app.train.TrainViewModel;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.RuntimeReport;
import org.contrastlab.core.io.CacheDirectory;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.TrainConfigBuilder;

/**
 * The window and the composition root: the augmentation studio, the training dashboard and
 * the attention viewer in three tabs; one worker thread for training, one for previews and loading, one for the
 * studio's renders; the dataset is {@code sample:shapes} unless the system property
 * {@code contrastlab.data} names another. Runs are written under the cache folder's
 * {@code runs/}.
 */
public final class ContrastLabApp extends Application {
    private final TrainConfig config;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(daemon("contrastlab-train"));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("contrastlab-worker"));
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    private final ExecutorService studioWorker = Executors.newSingleThreadExecutor(daemon("contrastlab-studio"));
    private final ExecutorService studioHelper = Executors.newSingleThreadExecutor(daemon("contrastlab-studio-helper"));
    private final ExecutorService attentionWorker = Executors.newSingleThreadExecutor(daemon("contrastlab-attention"));
    private final ExecutorService explorerWorker = Executors.newSingleThreadExecutor(daemon("contrastlab-explorer"));
    private ExplorerViewModel explorer;
    private ExplorerView explorerView;
    private RunsView runsView;
    private final TabPane tabs = new TabPane();
    private AttentionViewModel attention;
    private AttentionView attentionView;
    /** How the dashboard trains; knows the run it trained last, for the viewers' "Latest run". */
    private WindowTraining training;
    private TrainViewModel model;
    private TrainView view;
    private StudioViewModel studio;
    private StudioView studioView;
    private DatasetSplits data;
    private final StatusBar statusBar = new StatusBar();
    private FirstLook firstLook;
    private SweepViewModel sweep;
    private SweepView sweepView;
    private Presentation presentation;
    private StepView stepView;
    private Classroom classroom;

    public ContrastLabApp() {
        this(windowPreset(System.getProperty("contrastlab.data", "sample:shapes")));
    }

    public ContrastLabApp(TrainConfig config) {
        this.config = config;
    }

    public static void launchApp(String[] args) {
        Application.launch(ContrastLabApp.class, args);
    }

    /**
     * SimCLR's small preset for the data: on sample:shapes its own views and budget (1,000 steps
     * of 64) with kNN every 200 steps, elsewhere 300 steps of 128 with kNN every 100, so that the
     * kNN accuracy moves in the window.
     */
    static TrainConfig windowPreset(String data) {
        TrainConfigBuilder b = MethodPresets.small("simclr", data).toBuilder().checkpointEvery(100);
        if (MethodPresets.SHAPES.equals(data)) {
            return b.evalEvery(200).build();
        }
        return b.steps(300).batchSize(128).evalEvery(100).build();
    }

    @Override
    public void start(Stage stage) {
        Label device = new Label("device: …");
        device.setId("device-label");
        attention = new AttentionViewModel(attentionWorker);
        training = new WindowTraining(CacheDirectory.get().resolve("runs"), statusBar::trainOn, statusBar::precision, attention,
                device::setText, Platform::runLater);
        model = new TrainViewModel(training, trainer);
        PreviewPanel preview = new PreviewPanel(worker, Platform::runLater);
        view = new TrainView(model, preview, device);
        studio = new StudioViewModel(studioWorker, studioHelper, recipe -> {
            String problem = model.useRecipe(recipe);
            if (problem == null && data != null) {
                preview.show(data.train(), recipe);
            }
            return problem;
        });
        studioView = new StudioView(studio);
        // a method comes with its own views: the preview beside the dashboard shows them
        model.methodProperty().addListener((o, was, now) -> {
            if (data != null && model.config() != null) {
                preview.show(data.train(), model.config().viewRecipe());
            }
        });
        attentionView = new AttentionView(attention, training::lastRun);
        Tab studioTab = new Tab("Augmentation studio", studioView);
        Tab trainTab = new Tab("Train", view);
        stepView = new StepView(model.stepThrough(), model::stepOnce, model.stepThrough()::release,
                model.stateProperty().isEqualTo(TrainViewModel.State.RUNNING));
        Tab stepTab = new Tab("Inside a step", stepView);
        // Step (the button, S, or → outside a lesson) holds the run and shows the step it takes next
        model.stepThrough().heldProperty().addListener((o, was, now) -> {
            if (now) {
                showTab("Inside a step");
            }
        });
        Tab attentionTab = new Tab("Attention", attentionView);
        explorer = new ExplorerViewModel(explorerWorker);
        explorerView = new ExplorerView(explorer, training::lastRun);
        Tab explorerTab = new Tab("Embeddings", explorerView);
        runsView = new RunsView(CacheDirectory.get().resolve("runs"), worker, runActions());
        ExampleRuns examples = new ExampleRuns(worker, Platform::runLater, attention.statusProperty()::set);
        firstLook = new FirstLook(examples, attentionView, attention, explorerView, explorer, explorerTab, runsView);
        Tab runsTab = new Tab("Runs", runsView);
        runsTab.setOnSelectionChanged(e -> {
            if (runsTab.isSelected()) {
                runsView.refresh();
            }
        });
        // a sweep trains on the training thread: never beside a dashboard run
        sweep = new SweepViewModel(trainer, UiExecutor.FX, CacheDirectory.get().resolve("runs"), statusBar::trainOn);
        sweepView = new SweepView(sweep, model::config);
        Tab sweepTab = new Tab("Sweep", sweepView);
        BorderPane root = new BorderPane(tabs, null, null, statusBar, null);
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(ContrastLabApp.class.getResource("/org/contrastlab/app/contrastlab.css").toExternalForm());
        presentation = new Presentation(stage, scene);
        classroom = new Classroom(scene, presentation, new WindowLessons(scene, this::showTab, model, view, examples, attention, explorer,
                runsView), CacheDirectory.get().resolve("lessons"), worker, model::stepOnce);
        root.setRight(classroom.panel());
        for (Tab t : List.of(studioTab, trainTab, stepTab, attentionTab, explorerTab, runsTab, sweepTab)) {
            t.setClosable(false);
        }
        tabs.getTabs().setAll(studioTab, trainTab, stepTab, attentionTab, explorerTab, runsTab, sweepTab, classroom.tab());
        // a tab's content is laid out when first shown: presentation mode reaches it then
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> Platform.runLater(presentation::restyle));
        device.getStyleClass().add(Presentation.DEVELOPER);
        statusBar.getStyleClass().add(Presentation.DEVELOPER);
        stage.setTitle("ContrastLab — " + config.data());
        stage.setScene(scene);
        stage.show();
        Integer present = presentArgument();
        if (present != null) {
            presentation.set(true, present);
        }
        worker.execute(() -> load(preview, device));
    }

    /** What the Runs tab's buttons do: open a run in a viewer, train again with its settings, compare two. */
    private RunsView.Actions runActions() {
        return new RunsView.Actions(
                run -> {
                    attention.openModel(run);
                    showTab("Attention");
                },
                run -> {
                    explorer.open(run);
                    showTab("Embeddings");
                },
                run -> {
                    TrainConfig c = RunDirectory.open(run).config();
                    String problem = model.useConfiguration(c);
                    if (problem == null) {
                        studio.setRecipe(c.viewRecipe());
                        studioView.syncControls();
                        showTab("Train");
                    }
                },
                (one, two) -> {
                    explorer.open(one, two);
                    showTab("Embeddings");
                });
    }

    /** {@code --present[=PERCENT]} among the window's arguments, or null. */
    private Integer presentArgument() {
        Integer present = null;
        for (String a : getParameters() == null ? List.<String>of() : getParameters().getRaw()) {
            Integer p = Presentation.parse(a);
            present = p != null ? p : present;
        }
        return present;
    }

    /** Presentation mode on ({@code percent} 125–200) or off. FX thread. */
    public void present(boolean on, int percent) {
        presentation.set(on, percent);
    }

    /** Whether presentation mode is on. */
    public boolean presenting() {
        return presentation.onProperty().get();
    }

    /** The "Inside a step" tab, for tests. */
    public StepView stepView() {
        return stepView;
    }

    /** The lesson panel beside the views, for tests. */
    public LessonPanel lessonPanel() {
        return classroom.panel();
    }

    /** The Lessons tab, for tests. */
    public LessonsView lessonsView() {
        return classroom.lessons();
    }

    /** The node the lesson's page points at (null: none), for tests. */
    public Node lessonPointer() {
        return classroom.host().pointed();
    }

    /** The device training runs on ("auto", "cpu", "gpu:N"); set from the status bar (FX thread). */
    public void setTrainOn(String choice) {
        statusBar.setTrainOn(choice);
    }

    /** The status bar's libtorch and device line, for tests. */
    public String runtimeLine() {
        return statusBar.runtimeLine();
    }

    /** The folder of the last run the Train tab started (null before one). */
    public Path lastRun() {
        return training.lastRun();
    }

    /** Selects the tab with this title (e.g. "Train"). FX thread. */
    public void showTab(String title) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private void load(PreviewPanel preview, Label device) {
        try {
            DeviceChoice choice = DeviceChoice.parse("auto");
            String line = RuntimeReport.summary();
            List<String> choices = DeviceChoice.choices();
            Platform.runLater(() -> {
                device.setText("device: " + choice.device() + " — " + choice.reason());
                statusBar.showRuntime(line, choices);
            });
            DatasetSplits splits = Datasets.open(config.data(), new LoadOptions(config.storageSize(), 0.1, config.seed()));
            Platform.runLater(() -> {
                data = splits;
                model.setData(splits, config);
                sweep.setData(splits);
                preview.show(splits.train(), config.viewRecipe());
                studio.setRecipe(config.viewRecipe());
                studioView.syncControls();
                studio.setDataset(splits.train(), splits.name());
                attentionView.setImages(splits.test() != null ? splits.test() : splits.train(), splits.name());
                explorer.setImages(splits.test() != null ? splits.test() : splits.train(), splits.name());
                firstLook.imagesReady(config.data());
            });
        } catch (RuntimeException e) {
            Platform.runLater(() -> model.dataFailed(e.getMessage()));
        }
    }

    /** The Sweep tab, for tests. */
    public SweepView sweepView() {
        return sweepView;
    }

    /** The Sweep tab's state, for tests. */
    public SweepViewModel sweep() {
        return sweep;
    }

    /** The dashboard, for tests. */
    public TrainView view() {
        return view;
    }

    public TrainViewModel model() {
        return model;
    }

    public RunsView runsView() {
        return runsView;
    }

    public ExplorerViewModel explorer() {
        return explorer;
    }

    public ExplorerView explorerView() {
        return explorerView;
    }

    public AttentionViewModel attention() {
        return attention;
    }

    public AttentionView attentionView() {
        return attentionView;
    }

    public StudioViewModel studio() {
        return studio;
    }

    public StudioView studioView() {
        return studioView;
    }

    @Override
    public void stop() {
        if (model != null) {
            model.stop();
        }
        worker.shutdownNow();
        studioWorker.shutdownNow();
        studioHelper.shutdownNow();
        attentionWorker.shutdownNow();
        if (explorer != null) {
            explorer.cancel();
        }
        explorerWorker.shutdownNow();
        trainer.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
