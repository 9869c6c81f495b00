package org.contrastlab.app;

import ai.djl.Device;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.contrastlab.app.attention.AttentionViewModel;
import org.contrastlab.app.common.RunControls;
import org.contrastlab.app.common.TrainJob;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.train.BackboneInit;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.StepMemory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.contrastlab.core.train.TrainingListener;

/**
 * How the window trains (the Train tab's {@link TrainJob}, on the training thread): a new run
 * in a folder of its own under {@code runs}, or a resumed one (what an interrupted checkpoint
 * write left repaired, and said); on the device and precision chosen in the status bar; the
 * attention viewer following its checkpoints and probes. What the user should see goes through
 * {@code fx}.
 */
final class WindowTraining implements TrainJob {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path runs;
    private final Supplier<String> device;
    private final Supplier<String> precision;
    private final AttentionViewModel attention;
    private final Consumer<String> deviceText;
    private final Executor fx;
    private volatile Path lastRun;

    /**
     * @param device     the status bar's device choice ("auto", "cpu", "gpu:0" …), read when a run starts
     * @param precision  the status bar's precision, read when a new run starts
     * @param deviceText shows a line about the device (called through {@code fx})
     */
    WindowTraining(Path runs, Supplier<String> device, Supplier<String> precision, AttentionViewModel attention,
                   Consumer<String> deviceText, Executor fx) {
        this.runs = runs;
        this.device = device;
        this.precision = precision;
        this.attention = attention;
        this.deviceText = deviceText;
        this.fx = fx;
    }

    /** The folder of the run trained last, or null. */
    Path lastRun() {
        return lastRun;
    }

    @Override
    public Trainer.Result run(TrainConfig cfg, DatasetSplits data, TrainingListener listener, RunControls controls) {
        DeviceChoice choice = DeviceChoice.parse(device.get());
        Device on = choice.device();
        fx.execute(() -> deviceText.accept("device: " + on + " — " + choice.reason()));
        RunDirectory run;
        Path dir;
        if (controls.resumeFrom() != null) {
            dir = controls.resumeFrom().getParent().getParent();
            run = RunDirectory.open(dir);
            // what an interrupted checkpoint write left is repaired before this run writes, and said
            run.recover().forEach(line -> listener.onEvent(new TrainingEvent.Noticed("repaired " + line)));
        } else {
            dir = runs.resolve("window-" + LocalDateTime.now().format(STAMP));
            BackboneInit.check(cfg); // a bad starting file: refused before the run folder exists
            StepMemory.check(cfg, StepMemory.machineBytes());
            run = RunDirectory.create(dir, cfg.toBuilder().precision(precision.get()).build(), false);
        }
        lastRun = dir;
        // the attention viewer follows the run: each checkpoint refreshes its maps (FX thread)
        TrainingListener following = e -> {
            listener.onEvent(e);
            if (e instanceof TrainingEvent.CheckpointWritten c) {
                fx.execute(() -> attention.checkpointWritten(dir, c.step()));
            }
        };
        Trainer trainer = new Trainer(run.config(), data, run, following, on).syncEvery(Trainer.defaultSyncEvery(on))
                .checkpointWhen(controls.checkpointNow())
                .observe(attention.probes().observer());
        if (controls.gate() != null) {
            trainer.gate(controls.gate());
        }
        if (controls.resumeFrom() != null) {
            trainer.resumeFrom(controls.resumeFrom());
        }
        Trainer.Result result = trainer.run(controls.stop());
        fx.execute(() -> deviceText.accept("device: " + on + " — last run: " + dir));
        return result;
    }
}
