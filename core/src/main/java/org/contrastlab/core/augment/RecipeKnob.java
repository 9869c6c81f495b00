package org.contrastlab.core.augment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.io.Json;

/**
 * One number of a view recipe that a sweep turns (InfoMin's experiment: views that share more
 * or less): a numeric field of every {@link ViewGroup}, spelled as in a recipe file
 * ({@code scaleMin}, the crop's smallest area, is the paper's figure of a reverse U;
 * {@code blurProbability}, {@code grayscaleProbability} …), or {@value #COLOR_STRENGTH}, which
 * multiplies every group's colour jitter (brightness, contrast, saturation and hue, the hue
 * capped at 0.5): 1 is the recipe as it is, 0 no jitter; or {@value #RAND_AUGMENT_MAGNITUDE},
 * RandAugment's magnitude (0..10) in every group, which turns InfoMin's RandAugment on where a
 * group has none. A value the recipe cannot take is refused as a recipe file's would be,
 * naming the field.
 */
public record RecipeKnob(String name) {
    public static final String COLOR_STRENGTH = "colorStrength";
    public static final String RAND_AUGMENT_MAGNITUDE = "randAugmentMagnitude";
    private static final double MAX_HUE = 0.5;

    public RecipeKnob {
        List<String> known = names();
        if (!known.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a view setting to sweep; choose one of " + known);
        }
    }

    /** {@value #COLOR_STRENGTH}, {@value #RAND_AUGMENT_MAGNITUDE} and every numeric field of a view group but its count and size. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(List.of(COLOR_STRENGTH, RAND_AUGMENT_MAGNITUDE));
        Iterator<Map.Entry<String, JsonNode>> fields = Json.mapper().valueToTree(ViewGroup.builder().build()).fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (f.getValue().isNumber() && !List.of("count", "size").contains(f.getKey())) {
                out.add(f.getKey());
            }
        }
        return List.copyOf(out);
    }

    /** The recipe with this setting at {@code value} in every group (for {@value #COLOR_STRENGTH}: every jitter times it). */
    public ViewRecipe apply(ViewRecipe recipe, double value) {
        List<ViewGroup> groups = new ArrayList<>();
        for (int i = 0; i < recipe.groups().size(); i++) {
            ViewGroup g = recipe.groups().get(i);
            try {
                groups.add(switch (name) {
                    case COLOR_STRENGTH -> scaledJitter(g, value);
                    case RAND_AUGMENT_MAGNITUDE -> withMagnitude(g, value);
                    default -> withField(g, value);
                });
            } catch (InvalidRecipeException e) {
                throw e.prefixed(String.format(Locale.ROOT, "%s=%s: groups[%d].", name, value, i));
            }
        }
        String what = String.format(Locale.ROOT, "%s at %s=%s", recipe.name(), name, value);
        return new ViewRecipe(what, recipe.description(), recipe.normalization(), groups);
    }

    /** This setting's value in {@code recipe}'s first group (1 for {@value #COLOR_STRENGTH}; NaN where it has no RandAugment). */
    public double valueIn(ViewRecipe recipe) {
        if (name.equals(COLOR_STRENGTH)) {
            return 1;
        }
        if (name.equals(RAND_AUGMENT_MAGNITUDE)) {
            RandAugment ra = recipe.groups().get(0).randAugment();
            return ra == null ? Double.NaN : ra.magnitude();
        }
        return Json.mapper().valueToTree(recipe.groups().get(0)).get(name).asDouble();
    }

    private static ViewGroup scaledJitter(ViewGroup g, double s) {
        if (!(s >= 0)) {
            throw new InvalidRecipeException(List.of(COLOR_STRENGTH + " must be 0 or more, got " + s));
        }
        return g.toBuilder().jitter(g.jitterProbability(), g.brightness() * s, g.contrast() * s, g.saturation() * s,
                Math.min(MAX_HUE, g.hue() * s)).build();
    }

    private static ViewGroup withMagnitude(ViewGroup g, double m) {
        RandAugment ra = g.randAugment() == null ? RandAugment.infoMin() : g.randAugment();
        try {
            return g.toBuilder().randAugment(new RandAugment(ra.layers(), m, ra.magnitudeStd(), ra.probability())).build();
        } catch (InvalidRecipeException e) {
            throw e.prefixed("randAugment.");
        }
    }

    private ViewGroup withField(ViewGroup g, double value) {
        ObjectNode tree = Json.mapper().valueToTree(g);
        tree.put(name, value);
        try {
            return Json.mapper().treeToValue(tree, ViewGroup.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof InvalidRecipeException bad) {
                throw bad;
            }
            throw new IllegalArgumentException(name + "=" + value + ": " + e.getOriginalMessage(), e);
        }
    }
}
