package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.io.torch.TorchCheckpoint;
import org.contrastlab.core.model.vit.TimmWeights;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed run brought back: solo-learn's Lightning checkpoint of BYOL with a ViT (made by
 * {@code benchmarks/lightning_ckpt_fixture.py} with Debian's python3-torch) becomes a run of the
 * laptop recipe with the checkpoint's online backbone, not its momentum copy, at the trainer's
 * step; it is listed among the runs and opens as they do; it cannot be resumed.
 */
class ImportedRunTest {
    private static final Path CKPT = Path.of("src/test/resources/fixtures/torch/solo_byol_vitmicro.ckpt");

    @Test
    void aLightningCheckpointBecomesARunOfTheRecipe(@TempDir Path runs) throws Exception {
        TrainConfig recipe = MethodPresets.small("byol", "cifar10").toBuilder().steps(800).batchSize(128).build();
        Path out = runs.resolve("byol-cluster");
        ImportedRun.Imported r = ImportedRun.create(recipe, CKPT, null, null, Normalization.named("cifar10", null), out);
        assertEquals("vit-micro", r.backbone(), "found among our backbones: the file's ViT is vit-micro's shape");
        assertEquals(1200, r.step(), "Lightning's global_step");
        assertTrue(r.what().contains("backbone."), r.what());

        RunDirectory run = RunDirectory.open(out);
        assertEquals("byol", run.config().method());
        assertEquals("byol-cifar", run.config().viewRecipe().name(), "the laptop run's views travel with it");
        assertEquals(CKPT.toAbsolutePath().toString(), run.config().initFrom());
        Path checkpoint = run.requireCheckpoint("to look at");
        assertTrue(RunPack.isPacked(checkpoint), "backbone only: no optimizer state");
        assertThrows(IllegalArgumentException.class, () -> RunPack.refuseResume(checkpoint));

        List<RunSummary> listed = RunSummary.list(runs);
        assertEquals(1, listed.size());
        assertEquals(1200, listed.get(0).stepsDone());
        assertEquals("vit-micro", listed.get(0).backbone());

        try (NDManager manager = NDManager.newBaseManager(); TorchCheckpoint file = TorchCheckpoint.open(CKPT)) {
            TrainingModel.Loaded loaded = TrainingModel.load(run, manager, false);
            float[] cls = TimmWeights.names((VisionTransformer) loaded.backbone()).get("cls_token").getArray().toFloatArray();
            assertArrayEquals(file.read("state_dict.backbone.cls_token").data(), cls, 0f, "the online backbone's values");
            assertFalse(Arrays.equals(file.read("state_dict.momentum_backbone.cls_token").data(), cls), "not the momentum copy");
            assertEquals(1200, loaded.step());
        }
    }

    @Test
    void aFileOfNoneOfOurNetworksIsRefusedAndNothingIsMade(@TempDir Path runs) throws Exception {
        TrainConfig recipe = MethodPresets.small("byol", "cifar10");
        Path out = runs.resolve("nothing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportedRun.create(recipe,
                Path.of("src/test/resources/fixtures/torch/dinov2_vit14_reg4.pth"), null, "resnet18", Normalization.named("imagenet",
                        null), out));
        assertTrue(e.getMessage().contains("none of our backbones (resnet18)"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
