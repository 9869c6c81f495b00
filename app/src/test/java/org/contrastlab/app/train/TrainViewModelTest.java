package org.contrastlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.contrastlab.app.common.TrainJob;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/** The view model without a window: a scripted job, run on a queue the test drains by hand. */
class TrainViewModelTest {
    private final List<Runnable> queued = new ArrayList<>();
    private final Executor executor = queued::add;

    private static DatasetSplits data() {
        ImageStore s = new ImageStore(new byte[4 * 3 * 8 * 8], new int[] {0, 1, 0, 1}, List.of("a", "b"), null, 8, 8);
        return new DatasetSplits("tiny", s, s);
    }

    @Test
    void samplesStepsOnTickAndFinishes() {
        TrainJob job = (config, data, listener, controls) -> {
            for (int i = 1; i <= 3; i++) {
                listener.onEvent(new TrainingEvent.StepCompleted(i, 0, 3, 5.0 - i, 0.1, 100, 1 << 20));
            }
            listener.onEvent(new TrainingEvent.Evaluated(3, 0.42, 4, 4));
            listener.onEvent(new TrainingEvent.AttentionScored(3, 0.55, 300));
            return new Trainer.Result(3, false, 1.5, 0.42);
        };
        TrainViewModel vm = new TrainViewModel(job, executor);
        assertFalse(vm.canStartProperty().get());
        vm.setData(data(), TrainConfig.small("tiny"));
        assertTrue(vm.canStartProperty().get());
        vm.start();
        assertEquals(TrainViewModel.State.RUNNING, vm.stateProperty().get());
        assertFalse(vm.canStartProperty().get());
        queued.remove(0).run();
        // nothing reaches the properties until the FX-thread tick
        assertEquals(0, vm.stepProperty().get());
        List<double[]> points = vm.tick();
        assertEquals(3, points.size());
        assertEquals(2.0, points.get(2)[1]);
        assertEquals(TrainViewModel.State.FINISHED, vm.stateProperty().get());
        assertTrue(vm.knnTextProperty().get().contains("42.0 %"), vm.knnTextProperty().get());
        assertEquals(List.of(3.0, 0.42), Arrays.stream(vm.newKnnPoints().get(0)).boxed().toList());
        // a ViT's attention score goes to its own chart, once
        assertEquals(List.of(3.0, 0.55), Arrays.stream(vm.newAttentionPoints().get(0)).boxed().toList());
        assertTrue(vm.newAttentionPoints().isEmpty());
        assertTrue(vm.canStartProperty().get());
    }

    @Test
    void notesAboutTheFilesAreShownSkippedImagesThenARepair() {
        TrainJob job = (config, data, listener, controls) -> {
            listener.onEvent(new TrainingEvent.Noticed("repaired R/checkpoints/.step-0000005.tmp: removed"));
            return new Trainer.Result(0, false, 0.1, null);
        };
        TrainViewModel vm = new TrainViewModel(job, executor);
        ImageStore s = data().train();
        vm.setData(new DatasetSplits("folder", s, s, List.of("folder/cat/broken.jpg: truncated or damaged", "folder/dog/x.png: empty")),
                TrainConfig.small("tiny"));
        assertEquals("note: skipped 2 unreadable images of folder: folder/cat/broken.jpg: truncated or damaged (and more)",
                vm.noticeProperty().get());
        vm.start();
        queued.remove(0).run();
        assertTrue(vm.noticeProperty().get().startsWith("note: skipped"), "nothing changes before the FX-thread tick");
        vm.tick();
        assertEquals("note: repaired R/checkpoints/.step-0000005.tmp: removed", vm.noticeProperty().get());
        vm.setData(data(), TrainConfig.small("tiny"));
        assertEquals("", vm.noticeProperty().get(), "a clean data set clears the note");
    }

    @Test
    void theNextRunStartsFromAWeightsFileAcrossAChangeOfMethod() {
        List<TrainConfig> started = new ArrayList<>();
        TrainJob job = (config, data, listener, controls) -> {
            started.add(config);
            return new Trainer.Result(0, false, 0, null);
        };
        TrainViewModel vm = new TrainViewModel(job, executor);
        vm.setData(data(), TrainConfig.small("tiny"));
        Path file = Path.of("dino_deitsmall16_pretrain.pth");
        assertEquals(null, vm.startFrom(file));
        assertTrue(vm.statusProperty().get().contains("starts from dino_deitsmall16_pretrain.pth"), vm.statusProperty().get());
        assertEquals(null, vm.selectMethod("byol"));
        vm.start();
        queued.remove(0).run();
        assertEquals(file.toAbsolutePath().toString(), started.get(0).initFrom(), "kept across the change of method");
        assertEquals("byol", started.get(0).method());
        vm.tick();
        assertEquals(null, vm.startFrom(null));
        assertEquals(null, vm.config().initFrom());
    }

    @Test
    void aViTBackboneGivesDinoOnTheShapesTheViewsAndBudgetItsAttentionSegmentsWith() {
        TrainViewModel vm = new TrainViewModel((config, data, listener, controls) -> new Trainer.Result(0, false, 0, null), executor);
        vm.setData(data(), MethodPresets.small("simclr", "sample:shapes"));
        assertEquals("convnet-small", vm.backboneProperty().get());
        assertEquals(null, vm.selectMethod("dino"));
        assertEquals("simclr-shapes", vm.config().viewRecipe().name());
        assertEquals(null, vm.selectBackbone("vit-micro"));
        assertEquals("vit-micro", vm.backboneProperty().get());
        TrainConfig vit = vm.config();
        assertEquals("dino-shapes", vit.viewRecipe().name());
        assertEquals(64, vit.imageSize());
        assertEquals(300, vit.steps(), "the preset's own budget: the dashboard had the previous preset's");
        assertTrue(vm.statusProperty().get().contains("dino with vit-micro (dino-shapes views"), vm.statusProperty().get());
        // back to a ConvNet: DINO's preset for any backbone; another method keeps the ViT
        assertEquals(null, vm.selectBackbone("convnet-small"));
        assertEquals("simclr-shapes", vm.config().viewRecipe().name());
        assertEquals(1000, vm.config().steps());
        assertEquals(null, vm.selectBackbone("vit-micro"));
        assertEquals(null, vm.selectMethod("moco-v3"));
        assertEquals("vit-micro", vm.config().backbone());
        // a budget that is not the preset's (a run's configuration) is kept
        assertEquals(null, vm.useConfiguration(MethodPresets.small("dino", "sample:shapes", "vit-micro").toBuilder().steps(77).build()));
        assertEquals(null, vm.selectBackbone("convnet-tiny"));
        assertEquals(77, vm.config().steps());
        vm.start();
        assertEquals("stop the run before choosing another backbone", vm.selectBackbone("vit-micro"));
    }

    @Test
    void stopAsksTheJobToStopAndAFailureIsShown() {
        boolean[] sawStop = {false};
        TrainJob job = (config, data, listener, controls) -> {
            sawStop[0] = controls.stop().getAsBoolean();
            throw new IllegalStateException("out of memory on the device");
        };
        TrainViewModel vm = new TrainViewModel(job, executor);
        vm.setData(data(), TrainConfig.small("tiny"));
        vm.start();
        vm.stop();
        assertEquals(TrainViewModel.State.STOPPING, vm.stateProperty().get());
        queued.remove(0).run();
        assertTrue(sawStop[0]);
        vm.tick();
        assertEquals(TrainViewModel.State.FAILED, vm.stateProperty().get());
        assertTrue(vm.statusProperty().get().contains("out of memory on the device"));
    }
}
