package org.contrastlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.contrastlab.core.train.TrainingEvent;

/**
 * The method's own curves of a run (collapse, teacher momentum, queue fill, code entropy,
 * gradient norm, …): steps arrive from the training thread into a queue; {@link #drain()} on
 * the FX thread files them by name, keeps each curve's history and the points of the last
 * drain, and writes the latest values as one line of text.
 */
final class MethodCurves {
    private final ConcurrentLinkedQueue<TrainingEvent.StepCompleted> pending = new ConcurrentLinkedQueue<>();
    private final Map<String, List<double[]>> history = new TreeMap<>();
    private final Map<String, List<double[]>> fresh = new TreeMap<>();
    private final ObservableList<String> names = FXCollections.observableArrayList();
    /**
     * One read-only view of {@link #names}, kept: an unmodifiable wrapper follows its list through
     * a weak listener, so a wrapper made per call (and listened to) is collected and falls silent.
     */
    private final ObservableList<String> readOnlyNames = FXCollections.unmodifiableObservableList(names);
    private final ReadOnlyStringWrapper latest = new ReadOnlyStringWrapper("");

    /** Any thread. */
    void offer(TrainingEvent.StepCompleted step) {
        if (!step.monitors().isEmpty()) {
            pending.add(step);
        }
    }

    /** FX thread. */
    void clear() {
        pending.clear();
        history.clear();
        fresh.clear();
        names.clear();
        latest.set("");
    }

    /** Files the steps that arrived since the last drain. FX thread. */
    void drain() {
        fresh.clear();
        TrainingEvent.StepCompleted last = null;
        for (TrainingEvent.StepCompleted s; (s = pending.poll()) != null; last = s) {
            for (Map.Entry<String, Double> e : s.monitors().entrySet()) {
                if (!Double.isFinite(e.getValue())) {
                    continue;
                }
                double[] point = {s.step(), e.getValue()};
                if (!history.containsKey(e.getKey())) {
                    history.put(e.getKey(), new ArrayList<>());
                    // inserted in order, not replaced: replacing the list would clear a chooser's selection
                    names.add(new ArrayList<>(history.keySet()).indexOf(e.getKey()), e.getKey());
                }
                history.get(e.getKey()).add(point);
                fresh.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(point);
            }
        }
        if (last != null) {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(last.monitors()).forEach((k, v) -> text.append(text.length() == 0 ? "" : "   ")
                    .append(k.replace('_', ' ')).append(' ').append(format(v)));
            latest.set(text.toString());
        }
    }

    /** Four significant digits; whole numbers of up to seven digits (a queue's size, a loss scale of 65536) as they are. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    List<double[]> history(String name) {
        return List.copyOf(history.getOrDefault(name, List.of()));
    }

    List<double[]> fresh(String name) {
        return List.copyOf(fresh.getOrDefault(name, List.of()));
    }

    ObservableList<String> names() {
        return readOnlyNames;
    }

    ReadOnlyStringProperty latestProperty() {
        return latest.getReadOnlyProperty();
    }
}
