package org.contrastlab.app;

import javafx.scene.control.Tab;
import org.contrastlab.app.attention.AttentionView;
import org.contrastlab.app.attention.AttentionViewModel;
import org.contrastlab.app.common.ExampleRuns;
import org.contrastlab.app.explore.ExplorerView;
import org.contrastlab.app.explore.ExplorerViewModel;
import org.contrastlab.app.runs.RunsView;
import org.contrastlab.sample.Examples;

/**
 * What the window shows before the user has trained anything: the trained examples that ship
 * with ContrastLab. The attention viewer and the explorer get an "Examples" menu, the runs
 * table lists the examples below the user's runs, and on the data an example was trained on
 * the attention viewer opens it at start and the explorer when its tab is first shown (its
 * map costs some seconds of CPU), unless the user opened something first.
 */
final class FirstLook {
    private final ExampleRuns examples;
    private final AttentionViewModel attention;
    private final ExplorerViewModel explorer;
    private final Tab explorerTab;
    private String data;

    FirstLook(ExampleRuns examples, AttentionView attentionView, AttentionViewModel attention, ExplorerView explorerView,
              ExplorerViewModel explorer, Tab explorerTab, RunsView runs) {
        this.examples = examples;
        this.attention = attention;
        this.explorer = explorer;
        this.explorerTab = explorerTab;
        attentionView.addOpenControl(examples.menu("attention", attention::openModel));
        explorerView.addOpenControl(examples.menu("embeddings", explorer::open));
        runs.setExamples(() -> ExampleRuns.forView("runs").stream().map(Examples::unpack).toList());
        explorerTab.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                openInExplorer();
            }
        });
    }

    /** The views have the images of {@code data} (FX thread): open its examples where nothing is open. */
    void imagesReady(String data) {
        this.data = data;
        ExampleRuns.forViewAndData("attention", data).ifPresent(e -> examples.open(e, run -> {
            if (!attention.hasModel()) {
                attention.openModel(run);
            }
        }));
        if (explorerTab.isSelected()) {
            openInExplorer();
        }
    }

    private void openInExplorer() {
        if (data == null || explorer.hasRun() || explorer.images() == null) {
            return;
        }
        ExampleRuns.forViewAndData("embeddings", data).ifPresent(e -> examples.open(e, run -> {
            if (!explorer.hasRun()) {
                explorer.open(run);
            }
        }));
    }
}
