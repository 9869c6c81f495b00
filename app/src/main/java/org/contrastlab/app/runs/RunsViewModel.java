package org.contrastlab.app.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.contrastlab.app.common.UiExecutor;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.core.train.RunSummary;

/**
 * The runs table's state and work, without a window: the runs of a folder (and the shipped
 * examples below them), read and deleted on {@code worker}; the results put into the observable
 * list and the status line through {@code fx} (the FX thread in the window, the caller in tests),
 * so that a slow disk or a large run never blocks the window.
 */
public final class RunsViewModel {
    private final Executor worker;
    private final UiExecutor fx;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Path folder;
    private Supplier<List<Path>> examples = List::of;
    private volatile Set<Path> exampleRoots = Set.of();
    private volatile Map<Path, List<FewLabelResults.Entry>> fewLabels = Map.of();

    public RunsViewModel(Path folder, Executor worker, UiExecutor fx) {
        this.folder = folder;
        this.worker = worker;
        this.fx = fx;
    }

    /** The runs, then the examples; changed only through {@code fx}. */
    public ObservableList<RunSummary> runs() {
        return runs;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Tells the user something (FX thread). */
    void say(String text) {
        status.set(text);
    }

    /**
     * Lists these run folders below the runs (the shipped examples, unpacked by the supplier on
     * the worker), marked as examples; they cannot be deleted here.
     */
    public void setExamples(Supplier<List<Path>> examples) {
        this.examples = examples;
    }

    /** The few-labels results recorded in a run ({@code fewlabels.jsonl}), as read at the last refresh. */
    public List<FewLabelResults.Entry> fewLabels(RunSummary r) {
        return fewLabels.getOrDefault(r.root(), List.of());
    }

    public boolean isExample(RunSummary r) {
        return exampleRoots.contains(r.root());
    }

    /** Reads {@code f} instead (on the worker). */
    public void setFolder(Path f) {
        fx.check("RunsViewModel.setFolder");
        this.folder = f;
        refresh();
    }

    /** Reads the folder again, on the worker. */
    public void refresh() {
        fx.check("RunsViewModel.refresh");
        Path f = folder;
        worker.execute(() -> {
            List<RunSummary> found = new ArrayList<>(RunSummary.list(f));
            int own = found.size();
            List<Path> shipped;
            try {
                shipped = examples.get();
            } catch (RuntimeException ex) {
                shipped = List.of();
            }
            exampleRoots = Set.copyOf(shipped);
            for (Path p : shipped) {
                found.add(RunSummary.read(p));
            }
            Map<Path, List<FewLabelResults.Entry>> results = new HashMap<>();
            for (RunSummary r : found) {
                try {
                    results.put(r.root(), FewLabelResults.read(r.root()));
                } catch (RuntimeException ex) {
                    results.put(r.root(), List.of()); // a damaged results file hides the curve, not the run
                }
            }
            fewLabels = Map.copyOf(results);
            fx.execute(() -> {
                runs.setAll(found);
                status.set(own + " runs in " + f + (found.size() > own ? ", and " + (found.size() - own)
                        + " trained examples that come with ContrastLab" : ""));
            });
        });
    }

    /**
     * Deletes {@code run} when {@code confirmed} says yes (asked on the FX thread); the folder is
     * deleted on the worker, and the row goes once it is gone. An example is never deleted.
     */
    public void delete(RunSummary run, BooleanSupplier confirmed) {
        fx.check("RunsViewModel.delete");
        if (run == null) {
            status.set("select a run first");
            return;
        }
        if (isExample(run)) {
            status.set(run.root().getFileName() + " is an example that comes with ContrastLab: it is not deleted");
            return;
        }
        if (!confirmed.getAsBoolean()) {
            status.set("not deleted");
            return;
        }
        status.set("deleting " + run.root() + "…");
        worker.execute(() -> {
            try {
                RunSummary.delete(run.root());
                fx.execute(() -> {
                    runs.remove(run);
                    status.set("deleted " + run.root());
                });
            } catch (RuntimeException ex) {
                fx.execute(() -> status.set(ex.getMessage()));
            }
        });
    }
}
