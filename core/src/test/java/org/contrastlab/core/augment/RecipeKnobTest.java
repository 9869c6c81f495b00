package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recipe settings a sweep turns. */
class RecipeKnobTest {
    @Test
    void aFieldIsSetInEveryGroupAndTheRestIsKept() {
        ViewRecipe byol = ViewRecipes.byName("byol-cifar");
        ViewRecipe turned = new RecipeKnob("scaleMin").apply(byol, 0.3);
        assertEquals(2, turned.groups().size());
        for (int i = 0; i < 2; i++) {
            ViewGroup was = byol.groups().get(i);
            ViewGroup now = turned.groups().get(i);
            assertEquals(0.3, now.scaleMin(), 0);
            assertEquals(was.toBuilder().scale(0.3, was.scaleMax()).build(), now, "only scaleMin changes");
        }
        assertEquals(0.08, new RecipeKnob("scaleMin").valueIn(byol), 1e-12);
        assertEquals("byol-cifar at scaleMin=0.3", turned.name());
    }

    @Test
    void colourStrengthMultipliesEachGroupsOwnJitter() {
        ViewRecipe byol = ViewRecipes.byName("byol-cifar");
        ViewRecipe strong = new RecipeKnob(RecipeKnob.COLOR_STRENGTH).apply(byol, 2);
        ViewGroup was = byol.groups().get(1);
        ViewGroup now = strong.groups().get(1);
        assertEquals(2 * was.brightness(), now.brightness(), 1e-12);
        assertEquals(2 * was.saturation(), now.saturation(), 1e-12);
        assertEquals(Math.min(0.5, 2 * was.hue()), now.hue(), 1e-12);
        assertEquals(was.jitterProbability(), now.jitterProbability(), 0);
        ViewGroup none = new RecipeKnob(RecipeKnob.COLOR_STRENGTH).apply(byol, 0).groups().get(0);
        assertEquals(0, none.brightness() + none.contrast() + none.saturation() + none.hue(), 0);
        assertEquals(byol.groups(), new RecipeKnob(RecipeKnob.COLOR_STRENGTH).apply(byol, 1).groups());
    }

    @Test
    void randAugmentsMagnitudeIsTurnedAndTurnsItOn() {
        ViewRecipe infomin = ViewRecipes.byName("infomin-cifar");
        RecipeKnob knob = new RecipeKnob(RecipeKnob.RAND_AUGMENT_MAGNITUDE);
        assertEquals(10, knob.valueIn(infomin), 0);
        assertEquals(new RandAugment(2, 5.0, 0.5, 0.5), knob.apply(infomin, 5).groups().get(0).randAugment());
        ViewRecipe simclr = ViewRecipes.byName("simclr-cifar");
        assertTrue(Double.isNaN(knob.valueIn(simclr)));
        assertEquals(new RandAugment(2, 3.0, 0.5, 0.5), knob.apply(simclr, 3).groups().get(0).randAugment(), "InfoMin's, at 3");
        InvalidRecipeException bad = assertThrows(InvalidRecipeException.class, () -> knob.apply(simclr, 11));
        assertTrue(bad.getMessage().startsWith("randAugmentMagnitude=11.0: groups[0].randAugment.magnitude must be within [0, 10]"),
                bad.getMessage());
    }

    @Test
    void valuesAndNamesTheRecipeCannotTakeAreRefusedNamingThem() {
        ViewRecipe simclr = ViewRecipes.byName("simclr-cifar");
        InvalidRecipeException bad = assertThrows(InvalidRecipeException.class, () -> new RecipeKnob("blurProbability").apply(simclr, 2));
        assertTrue(bad.getMessage().startsWith("blurProbability=2.0: groups[0].blurProbability must be a probability"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new RecipeKnob("size"));
        assertTrue(unknown.getMessage().contains("not a view setting to sweep"), unknown.getMessage());
        assertTrue(RecipeKnob.names().containsAll(List.of("scaleMin", "scaleMax", "grayscaleProbability", "solarizeProbability")));
    }
}
