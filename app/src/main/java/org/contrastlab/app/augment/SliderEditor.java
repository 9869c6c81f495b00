package org.contrastlab.app.augment;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.controlsfx.property.editor.AbstractPropertyEditor;

/** A property-sheet editor for a bounded number: a slider with its value written beside it. */
final class SliderEditor extends AbstractPropertyEditor<Double, HBox> {
    // no initialisers: both are set lazily while the super constructor runs, and must survive it
    private Slider slider;
    private ObjectProperty<Double> value;

    SliderEditor(GroupProperty<?> item) {
        super(item, box(item));
    }

    private static HBox box(GroupProperty<?> item) {
        Slider s = new Slider(item.min, item.max, ((Number) item.getValue()).doubleValue());
        Label value = new Label();
        value.setMinWidth(36);
        value.textProperty().bind(s.valueProperty().asString(Locale.ROOT, "%.2f"));
        HBox.setHgrow(s, Priority.ALWAYS);
        HBox box = new HBox(4, s, value);
        box.setUserData(s);
        return box;
    }

    private Slider slider() {
        if (slider == null) {
            slider = (Slider) getEditor().getUserData();
        }
        return slider;
    }

    @Override
    protected ObservableValue<Double> getObservableValue() {
        if (value == null) {
            // asObject() is only weakly bound to the slider: keep it, or it stops reporting
            value = slider().valueProperty().asObject();
        }
        return value;
    }

    @Override
    public void setValue(Double value) {
        slider().setValue(value);
    }
}
