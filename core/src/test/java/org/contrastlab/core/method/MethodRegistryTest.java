package org.contrastlab.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.contrastlab.core.augment.ViewRecipes;
import org.contrastlab.core.train.InvalidConfigException;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** One registration per method: every method's spec is whole, and its preset is what it was before it moved. */
class MethodRegistryTest {

    @Test
    void everyMethodIsRegisteredOnceWithAPresetThatBuilds() {
        Set<String> ids = new HashSet<>();
        for (MethodSpec spec : MethodSpec.all()) {
            assertNotNull(spec, "a null in the registry: a method class refers back to the list");
            assertTrue(ids.add(spec.id()), "registered twice: " + spec.id());
            assertTrue(spec.preset().views() == null || ViewRecipes.byName(spec.preset().views()) != null, spec.id());
            TrainConfig c = MethodPresets.small(spec.id(), "cifar10");
            assertEquals(spec.id(), c.method());
            assertTrue(c.views() == null || c.views().viewCount() >= spec.minViews(), spec.id());
        }
        assertEquals(16, ids.size(), ids.toString());
    }

    @Test
    void anUnknownMethodIsAnErrorNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodSpec.byId("mocov9"));
        assertTrue(e.getMessage().contains("unknown method 'mocov9'") && e.getMessage().contains("moco-v3"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> MethodPresets.small("mocov9", "cifar10"));
    }

    /**
     * The presets as the switch in MethodPresets had them before each moved into its method
     * (session 8), with the bench budgets changed since by measurement (MoCo v3 and MoBY: 800 × 128).
     */
    @Test
    void onTheBuiltInDataAMethodBenchesWithItsShapesBudget() {
        assertEquals(new MethodPreset.Budget(400, 256), MethodPresets.benchBudget("cmc", MethodPresets.SHAPES));
        assertEquals(new MethodPreset.Budget(200, 256), MethodPresets.benchBudget("cmc", "cifar10"));
        assertEquals(new MethodPreset.Budget(400, 64), MethodPresets.benchBudget("cpc-v2", MethodPresets.SHAPES));
        assertEquals(new MethodPreset.Budget(200, 128), MethodPresets.benchBudget("cpc-v2", "cifar10"));
        // the shape views (the hue redrawn in every view) and SimCLR's shapes budget for the methods they teach there
        for (String m : List.of("byol", "simsiam", "moco-v3", "dino", "barlow-twins", "moco-v1", "moco-v2", "invaspread", "swav")) {
            assertEquals(new MethodPreset.Budget(1000, 64), MethodPresets.benchBudget(m, MethodPresets.SHAPES), m);
            assertEquals("simclr-shapes", MethodPresets.small(m, MethodPresets.SHAPES).views().name(), m);
        }
        assertEquals("infomin-jigsaw-shapes", MethodPresets.small("infomin", MethodPresets.SHAPES).views().name());
        assertEquals("instdisc-shapes", MethodPresets.small("instdisc", MethodPresets.SHAPES).views().name());
    }

    @Test
    void presetsAreThoseOfBeforeTheMove() {
        record Expected(String id, String views, String optimizer, double lr, float temperature, int hidden, int projection,
                        double weightDecay, double weightDecayEnd, double gradClip, int benchSteps, int benchBatch) {
        }
        List<Expected> expected = List.of(
                new Expected("instdisc", "instdisc", "sgd", 0.03, 0.1f, 512, 128, 5e-4, -1, 0, 400, 128),
                new Expected("invaspread", "invaspread", "sgd", 0.03, 0.1f, 512, 128, 5e-4, -1, 0, 200, 256),
                new Expected("cpc-v2", "cpc", "adamw", 2e-3, 0.2f, 512, 128, 1e-5, -1, 0, 200, 128),
                new Expected("cmc", "cmc", "sgd", 0.03, 0.07f, 512, 128, 5e-4, -1, 0, 200, 256),
                new Expected("simclr", null, "sgd", 0.3, 0.2f, 512, 128, 5e-4, -1, 0, 200, 256),
                new Expected("simclr-v2", null, "sgd", 0.3, 0.2f, 512, 128, 5e-4, -1, 0, 200, 256),
                new Expected("moco-v1", "moco-v1", "sgd", 0.06, 0.07f, 512, 128, 5e-4, -1, 0, 400, 256),
                new Expected("moco-v2", "moco-v2-cifar", "sgd", 0.06, 0.1f, 512, 128, 5e-4, -1, 0, 200, 256),
                new Expected("infomin", "infomin-jigsaw-cifar", "sgd", 0.06, 0.15f, 512, 128, 5e-4, -1, 0, 800, 128),
                new Expected("byol", "byol-cifar", "sgd", 0.3, 0.2f, 512, 128, 5e-4, -1, 0, 800, 128),
                new Expected("simsiam", "moco-v2-cifar", "sgd", 0.3, 0.2f, 512, 512, 5e-4, -1, 0, 800, 128),
                new Expected("barlow-twins", "byol-cifar", "lars", 0.3, 0.2f, 512, 512, 5e-4, -1, 0, 800, 128),
                new Expected("swav", "simclr-cifar", "sgd", 0.06, 0.1f, 512, 128, 5e-4, -1, 0, 1200, 128),
                new Expected("moco-v3", "moco-v3", "adamw", 1.5e-4, 0.2f, 1024, 256, 0.1, -1, 0, 800, 128),
                new Expected("dino", "dino-cifar", "adamw", 5e-4, 0.2f, 512, 2048, 0.04, 0.4, 3.0, 800, 128),
                new Expected("moby", "byol-cifar", "adamw", 1e-3, 0.2f, 512, 256, 0.05, -1, 0, 800, 128));
        for (Expected x : expected) {
            TrainConfig c = MethodPresets.small(x.id(), "cifar10");
            String where = x.id() + ": ";
            if (x.views() == null) {
                assertNull(c.views(), where + "SimCLR's views from the colour strength");
            } else {
                assertEquals(x.views(), c.views().name(), where + "views");
                assertEquals(32, c.views().globalSize(), where + "views at the preset's 32 px");
            }
            assertEquals(x.optimizer(), c.optimizer(), where + "optimizer");
            assertEquals(x.lr(), c.learningRate(), 1e-12, where + "lr");
            assertEquals(x.temperature(), c.temperature(), where + "temperature");
            assertEquals(x.hidden(), c.headHidden(), where + "hidden");
            assertEquals(x.projection(), c.projectionDim(), where + "projection");
            assertEquals(x.weightDecay(), c.weightDecay(), 1e-12, where + "weight decay");
            assertEquals(x.weightDecayEnd(), c.weightDecayEnd(), 1e-12, where + "weight decay end");
            assertEquals(x.gradClip(), c.gradClip(), 1e-12, where + "grad clip");
            assertEquals(256, c.batchSize(), where + "batch");
            assertEquals(200, c.steps(), where + "steps");
            assertEquals(new MethodPreset.Budget(x.benchSteps(), x.benchBatch()), MethodPresets.benchBudget(x.id()), where + "bench");
            assertEquals(MethodPresets.benchBudget(x.id()), MethodPresets.benchBudget(x.id(), "cifar10"), where + "bench on CIFAR");
        }
        TrainConfig shapes = MethodPresets.small("simclr", MethodPresets.SHAPES);
        assertEquals("simclr-shapes", shapes.views().name());
        assertEquals(64, shapes.batchSize());
        assertEquals(1000, shapes.steps());
        assertEquals("simclr-shapes", MethodPresets.small("swav", MethodPresets.SHAPES).views().name());
    }
}
