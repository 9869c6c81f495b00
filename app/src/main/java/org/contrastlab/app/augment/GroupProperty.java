package org.contrastlab.app.augment;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import org.contrastlab.core.augment.Interpolation;
import org.contrastlab.core.augment.RandAugment;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRole;
import org.controlsfx.control.PropertySheet;

/**
 * One field of the selected view group as a property-sheet row: read from the recipe, written
 * through the view model (which refuses values the recipe does not accept). Doubles carry the
 * range their slider spans.
 */
final class GroupProperty<T> implements PropertySheet.Item {
    private static final String RAND_AUGMENT = "RandAugment (InfoMin)";
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

    /** Every field of the selected group except the ranges (which have sliders of their own), as sheet rows. */
    static List<PropertySheet.Item> sheetOf(StudioViewModel model) {
        return List.of(
                item(model, "count", "View: count, size, role, filter", "how many views of this group each image gets", Integer.class,
                        ViewGroup::count, ViewGroup.Builder::count, 1, 32),
                item(model, "size", "View: count, size, role, filter", "output size in pixels", Integer.class, ViewGroup::size,
                        ViewGroup.Builder::size, 4, 1024),
                item(model, "role", "View: count, size, role, filter",
                        "global views are seen by the teacher / make the codes; local views only by the student",
                        ViewRole.class, ViewGroup::role, ViewGroup.Builder::role, 0, 0),
                item(model, "interpolation", "View: count, size, role, filter", "the resampling filter of the crop", Interpolation.class,
                        ViewGroup::interpolation,
                        ViewGroup.Builder::interpolation, 0, 0),
                item(model, "flip probability", "Apply with probability", "horizontal flip", Double.class, ViewGroup::flipProbability,
                        ViewGroup.Builder::flipProbability, 0, 1),
                item(model, "jitter probability", "Apply with probability", "colour jitter (the four ops in a random order)", Double.class,
                        ViewGroup::jitterProbability, (b, v) -> b.jitterProbability(v), 0, 1),
                item(model, "grayscale probability", "Apply with probability", "random grayscale", Double.class,
                        ViewGroup::grayscaleProbability,
                        ViewGroup.Builder::grayscaleProbability, 0, 1),
                item(model, "blur probability", "Apply with probability", "Gaussian blur (kernel about 10% of the size)", Double.class,
                        ViewGroup::blurProbability, (b, v) -> b.blurProbability(v), 0, 1),
                item(model, "solarize probability", "Apply with probability", "invert pixels at or above the threshold", Double.class,
                        ViewGroup::solarizeProbability, (b, v) -> b.solarizeProbability(v), 0, 1),
                item(model, "brightness", "Colour jitter strengths", "factor drawn in [1−b, 1+b]", Double.class, ViewGroup::brightness,
                        (b, v) -> b.brightness(v), 0, 2),
                item(model, "contrast", "Colour jitter strengths", "factor drawn in [1−c, 1+c]", Double.class, ViewGroup::contrast,
                        (b, v) -> b.contrast(v), 0, 2),
                item(model, "saturation", "Colour jitter strengths", "factor drawn in [1−s, 1+s]", Double.class, ViewGroup::saturation,
                        (b, v) -> b.saturation(v), 0, 2),
                item(model, "hue", "Colour jitter strengths", "hue turn drawn in [−h, h] of a full turn", Double.class, ViewGroup::hue,
                        (b, v) -> b.hue(v), 0, 0.5),
                item(model, "solarize threshold", "Colour jitter strengths", "pixels at or above it are inverted", Double.class,
                        ViewGroup::solarizeThreshold, (b, v) -> b.solarizeThreshold(v), 0, 1),
                item(model, "ops per view", RAND_AUGMENT, "RandAugment ops drawn per view from its fifteen (0: off; InfoMin 2)",
                        Integer.class, g -> g.randAugment() == null ? 0 : g.randAugment().layers(),
                        (b, v) -> b.randAugment(v == 0 ? null : randAugment(b, v, null, null)), 0, RandAugment.MAX_LAYERS),
                item(model, "magnitude", RAND_AUGMENT, "strength on RandAugment's scale of 0..10 (InfoMin 10; ops per view turns it on)",
                        Double.class,
                        g -> randAugmentOf(g).magnitude(), (b, v) -> onlyIfOn(b, randAugment(b, null, v, null)), 0,
                        RandAugment.MAX_LEVEL),
                item(model, "op probability", RAND_AUGMENT, "the chance each drawn op fires (InfoMin 0.5)", Double.class,
                        g -> randAugmentOf(g).probability(), (b, v) -> onlyIfOn(b, randAugment(b, null, null, v)), 0, 1));
    }

    /** The group's RandAugment, or InfoMin's where it has none (what the magnitude and probability rows show and start from). */
    private static RandAugment randAugmentOf(ViewGroup g) {
        return g.randAugment() == null ? RandAugment.infoMin() : g.randAugment();
    }

    /** The magnitude and probability rows change a RandAugment that is on; "ops per view" turns it on. */
    private static ViewGroup.Builder onlyIfOn(ViewGroup.Builder b, RandAugment changed) {
        return b.build().randAugment() == null ? b : b.randAugment(changed);
    }

    private static RandAugment randAugment(ViewGroup.Builder b, Integer layers, Double magnitude, Double probability) {
        RandAugment now = randAugmentOf(b.build());
        return new RandAugment(layers == null ? now.layers() : layers, magnitude == null ? now.magnitude() : magnitude,
                now.magnitudeStd(), probability == null ? now.probability() : probability);
    }

    private static <T> GroupProperty<T> item(StudioViewModel model, String name, String category, String description, Class<T> type,
                                      Function<ViewGroup, T> get, BiFunction<ViewGroup.Builder, T, ViewGroup.Builder> set,
                                      double min, double max) {
        return new GroupProperty<>(model, name, category, description, type, get, set, min, max);
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
