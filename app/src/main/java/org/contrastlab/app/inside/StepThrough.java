package org.contrastlab.app.inside;

import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.contrastlab.core.inspect.StepInspection;
import org.contrastlab.core.train.StepGate;

/**
 * The step-through's state: the gate the run waits at ({@link StepGate}), whether it is held,
 * and the step it shows next. The training thread offers inspections; {@link #tick} (FX thread,
 * on the dashboard's cadence) shows the latest. Step holds a running run, or lets a held one take
 * one step; Continue lets it go on.
 */
public final class StepThrough {
    private final StepGate gate = new StepGate();
    private final AtomicReference<StepInspection> arrived = new AtomicReference<>();
    private final ReadOnlyObjectWrapper<StepInspection> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper held = new ReadOnlyBooleanWrapper();

    /** The gate a run is given. */
    public StepGate gate() {
        return gate;
    }

    /** Holds the run before its next step, or lets a held run take one step. FX thread. */
    public void step() {
        if (gate.isHeld()) {
            gate.stepOnce();
        } else {
            gate.hold();
            held.set(true);
        }
    }

    /** Lets the run go on. FX thread. */
    public void release() {
        gate.release();
        held.set(false);
    }

    /** The training thread's inspection of the step it takes next. Any thread. */
    public void offer(StepInspection inspection) {
        arrived.set(inspection);
    }

    /** Shows the latest inspection. FX thread. */
    public void tick() {
        StepInspection next = arrived.getAndSet(null);
        if (next != null) {
            shown.set(next);
        }
    }

    /** The run ended: nothing is held any more. FX thread. */
    public void runEnded() {
        release();
    }

    public ReadOnlyObjectProperty<StepInspection> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty heldProperty() {
        return held.getReadOnlyProperty();
    }
}
