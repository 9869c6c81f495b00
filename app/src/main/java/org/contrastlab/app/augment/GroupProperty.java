package org.contrastlab.app.augment;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;
import org.contrastlab.core.augment.ViewGroup;

/**
 * One field of the selected view group as a property-sheet row: read from the recipe, written
 * through the view model (which refuses values the recipe does not accept). Doubles carry the
 * range their slider spans.
 */
final class GroupProperty<T> implements PropertySheet.Item {
    private final StudioViewModel model;
    private final String name;
    private final String category;
    private final String description;
    private final Class<T> type;
    private final Function<ViewGroup, T> getter;
    private final BiFunction<ViewGroup.Builder, T, ViewGroup.Builder> setter;
    final double min;
    final double max;

    GroupProperty(StudioViewModel model, String name, String category, String description, Class<T> type,
                  Function<ViewGroup, T> getter, BiFunction<ViewGroup.Builder, T, ViewGroup.Builder> setter,
                  double min, double max) {
        this.model = model;
        this.name = name;
        this.category = category;
        this.description = description;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
        this.min = min;
        this.max = max;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public String getCategory() {
        return category;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Object getValue() {
        return getter.apply(model.recipeProperty().get().groups().get(model.selectedGroupProperty().get()));
    }

    @Override
    public void setValue(Object value) {
        if (value != null && !value.equals(getValue())) {
            model.editGroup(b -> setter.apply(b, type.cast(value)));
        }
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.empty();
    }
}
