package org.contrastlab.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.contrastlab.core.TestData;
import org.contrastlab.core.augment.RecipeKnob;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.train.TrainingModel;
import org.junit.jupiter.api.Test;

/** The InfoNCE bound on what two views share: views that share more score higher under the same critic. */
class ViewInformationTest {
    @Test
    void identicalViewsShareMoreThanStronglyAugmentedOnesAndTheCeilingIsLogTwoMMinusOne() {
        ImageStore images = TestData.cifarTestImages(96);
        ViewRecipe same = ViewRecipe.of("same", "", ViewGroup.builder().count(2).size(32).scale(1.0, 1.0).ratio(1.0, 1.0)
                .flipProbability(0).build());
        ViewRecipe strong = new RecipeKnob("colorStrength").apply(ViewRecipes.byName("simclr-cifar"), 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingModel.Loaded critic = TrainingModel.random("convnet-small", images, 32, manager);
            ViewInformation.Estimate identical = estimate(critic, images, same, manager);
            ViewInformation.Estimate augmented = estimate(critic, images, strong, manager);
            assertEquals(Math.log(191), identical.ceiling(), 1e-12);
            assertEquals(96, identical.pairs());
            // identical views: every positive has similarity 1, the best any pair can have
            assertTrue(identical.nats() > augmented.nats() + 0.5, identical + " vs " + augmented);
            assertTrue(identical.nats() <= identical.ceiling() + 1e-6, identical.toString());
            assertEquals(augmented.nats(), estimate(critic, images, strong, manager).nats(), 1e-5, "the same seed draws the same views");
        }
    }

    private static ViewInformation.Estimate estimate(TrainingModel.Loaded critic, ImageStore images, ViewRecipe recipe, NDManager m) {
        return ViewInformation.estimate(critic.backbone(), critic.normalization(), critic.imageSize(), images, recipe, 7, m);
    }
}
