package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes as data: presets with their reference values, files, and refusals that name the field. */
class ViewRecipeTest {
    @TempDir
    Path dir;

    @Test
    void everyPresetIsValidAndCarriesItsReferenceValues() {
        for (String name : ViewRecipes.names()) {
            ViewRecipe r = ViewRecipes.byName(name);
            assertEquals(name, r.name());
            assertFalse(r.description().isBlank(), name + " has a description");
        }
        ViewRecipe dino = ViewRecipes.byName("dino");
        assertEquals(10, dino.viewCount());
        assertEquals(2, dino.globalViewCount());
        assertEquals(224, dino.globalSize());
        assertEquals(1.0, dino.groups().get(0).blurProbability());
        assertEquals(0.2, dino.groups().get(1).solarizeProbability());
        assertEquals(ViewRole.LOCAL, dino.groups().get(2).role());
        assertEquals(96, dino.groups().get(2).size());
        assertEquals(0.05, dino.groups().get(2).scaleMin());
        ViewRecipe byol = ViewRecipes.byName("byol");
        assertEquals(Interpolation.BICUBIC, byol.groups().get(0).interpolation());
        assertEquals(0.1, byol.groups().get(1).blurProbability());
        assertEquals(0.0, byol.groups().get(0).solarizeProbability());
        ViewRecipe swav = ViewRecipes.byName("swav-cifar");
        assertEquals(List.of(32, 18), swav.groups().stream().map(ViewGroup::size).toList());
        assertEquals(8, swav.viewCount());
        assertEquals(23, ViewRecipes.byName("simclr").groups().get(0).blurKernelSize());
    }

    @Test
    void recipesRoundTripThroughJsonAndYaml() {
        for (String name : ViewRecipes.names()) {
            ViewRecipe r = ViewRecipes.byName(name);
            for (String ext : List.of(".json", ".yaml")) {
                Path f = dir.resolve(name + ext);
                RecipeFiles.write(f, r);
                assertEquals(r, RecipeFiles.read(f), name + ext);
            }
        }
        assertEquals(ViewRecipes.byName("dino"), RecipeFiles.resolve("dino"));
    }

    @Test
    void badRecipesAreRefusedNamingTheField() throws IOException {
        Path f = dir.resolve("bad.yaml");
        String yaml = RecipeFiles.toYaml(ViewRecipes.byName("byol"))
                .replaceFirst("size: 224", "size: -3")
                .replaceFirst("solarizeProbability: 0.2", "solarizeProbability: 1.5");
        Files.writeString(f, yaml);
        InvalidRecipeException e = assertThrows(InvalidRecipeException.class, () -> RecipeFiles.read(f));
        assertTrue(e.getMessage().contains("bad.yaml: groups[0].size must be within 4..1024 px, got -3"), e.getMessage());
        Files.writeString(f, RecipeFiles.toYaml(ViewRecipes.byName("byol")).replaceFirst("solarizeProbability: 0.2",
                "solarizeProbability: 1.5"));
        e = assertThrows(InvalidRecipeException.class, () -> RecipeFiles.read(f));
        assertTrue(e.getMessage().contains("groups[1].solarizeProbability must be a probability within [0, 1], got 1.5"), e.getMessage());

        e = assertThrows(InvalidRecipeException.class, () -> ViewGroup.builder().scale(0.6, 0.2).build());
        assertTrue(e.getMessage().contains("scaleMin..scaleMax is an empty range (0.6 > 0.2)"), e.getMessage());

        ViewGroup global = ViewGroup.builder().size(32).build();
        ViewGroup local = ViewGroup.builder().role(ViewRole.LOCAL).size(48).build();
        e = assertThrows(InvalidRecipeException.class, () -> new ViewRecipe("x", "", "dataset", List.of(global, local)));
        assertTrue(e.getMessage().contains("groups[1].size: a local crop of 48 px is larger than the global views (32 px)"),
                e.getMessage());

        e = assertThrows(InvalidRecipeException.class, () -> ViewRecipes.byName("dino").checkAgainst(32, 32, "cifar10"));
        assertTrue(e.getMessage().contains("groups[2].size: local crops of 96 px are larger than the 32×32 images of cifar10"),
                e.getMessage());

        Files.writeString(f, "name: typo\ngroups:\n  - size: 32\n    count: 2\n    ratioMin: 0.75\n    ratioMax: 1.33\n    scaleMin: 0.2\n "
                + "   scaleMax: 1\n    blurSigmaMin: 0.1\n    blurSigmaMax: 2\n    blurProbabilty: 0.5\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RecipeFiles.read(f));
        assertTrue(unknown.getMessage().contains("blurProbabilty"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecipeFiles.resolve("no-such-recipe"));
    }

    @Test
    void theSameSeedGivesTheSameViewsAndEachImageKeepsItsOwnDraws() {
        ImageStore images = TestData.cifarTestImages(3);
        ViewRecipe recipe = ViewRecipes.byName("dino-cifar");
        List<List<ViewPreview.View>> a = ViewPreview.make(images, recipe, 7);
        List<List<ViewPreview.View>> b = ViewPreview.make(images, recipe, 7);
        List<List<ViewPreview.View>> one = ViewPreview.make(images.subset(new int[] {0}), recipe, 7);
        List<List<ViewPreview.View>> other = ViewPreview.make(images, recipe, 8);
        assertEquals(8, a.get(0).size());
        for (int v = 0; v < 8; v++) {
            assertArrayEquals(a.get(1).get(v).argb(), b.get(1).get(v).argb());
            assertArrayEquals(a.get(0).get(v).argb(), one.get(0).get(v).argb(), "image 0 does not depend on the others");
        }
        assertEquals(18, a.get(0).get(7).size());
        assertEquals(ViewRole.LOCAL, a.get(0).get(7).role());
        assertFalse(Arrays.equals(a.get(0).get(0).argb(), other.get(0).get(0).argb()));
    }

    @Test
    void thePipelineShowsOneImagePerOpEndingInTheView() {
        ImageStore image = TestData.cifarTestImages(1);
        ViewRecipe recipe = ViewRecipes.byName("byol-cifar");
        ViewPreview.View view = ViewPreview.make(image, recipe, 3).get(0).get(1);
        List<int[]> steps = ViewPreview.pipeline(image, recipe.groups().get(1), view.params());
        assertEquals(BatchAugmenter.Stage.values().length, steps.size());
        assertArrayEquals(view.argb(), steps.get(steps.size() - 1));
    }
}
