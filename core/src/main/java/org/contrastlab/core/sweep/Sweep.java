package org.contrastlab.core.sweep;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.contrastlab.core.augment.RecipeKnob;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.eval.ViewInformation;
import org.contrastlab.core.loss.InfoNceLoss;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainConfig;
import org.contrastlab.core.train.Trainer;
import org.contrastlab.core.train.TrainingEvent;
import org.contrastlab.core.train.TrainingListener;
import org.contrastlab.core.train.TrainingModel;

/**
 * Trains one configuration once per value of a view setting (InfoMin, Tian et al. 2020,
 * section 4: views that share too little or too much both teach less, a reverse U), each run in
 * its own folder {@code <out>/<setting>=<value>}, and measures each: kNN top-1 at the start and
 * the end, and the information its views share ({@link ViewInformation} on up to
 * {@value #INFO_IMAGES} held-out images). Every value's configuration is checked before the
 * first run starts, so a bad value never costs the runs before it.
 */
public final class Sweep {
    public static final int INFO_IMAGES = 512;

    /** What a sweep reports as it goes: every run's training events, and each finished point. */
    public interface Listener {
        void onEvent(double value, TrainingEvent event);

        void onPoint(SweepPoint point);
    }

    private final TrainConfig base;
    private final RecipeKnob knob;
    private final List<Double> values;
    private final DatasetSplits data;
    private final Path out;
    private final boolean overwrite;
    private final Device device;

    public Sweep(TrainConfig base, RecipeKnob knob, List<Double> values, DatasetSplits data, Path out, boolean overwrite, Device device) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one value");
        }
        if (!data.hasLabelledTest() || !data.train().isLabelled()) {
            throw new DatasetException(data.name() + ": a sweep measures kNN, which needs labelled training and held-out images");
        }
        // the kNN at step 0 is the random-init level each point is measured against
        int total = base.totalSteps(data.train().size());
        this.base = base.evalEvery() > 0 ? base : base.toBuilder().evalEvery(Math.max(1, total)).build();
        this.knob = knob;
        this.values = List.copyOf(values);
        this.data = data;
        this.out = out;
        this.overwrite = overwrite;
        this.device = device;
        for (double v : this.values) {
            config(v).checkAgainst(data.train(), data.name());
            RunDirectory.checkCreatable(runFolder(v), overwrite);
        }
    }

    /** The setting's name. */
    public String knob() {
        return knob.name();
    }

    /** The folder of the runs. */
    public Path out() {
        return out;
    }

    /** The base configuration with the setting at {@code value}. */
    public TrainConfig config(double value) {
        return base.toBuilder().views(knob.apply(base.viewRecipe(), value)).build();
    }

    /** Where the run for {@code value} is kept. */
    public Path runFolder(double value) {
        return out.resolve(knob.name() + "=" + label(value));
    }

    /** A value as a folder name and a CSV cell: 0.2, not 0.20000000000000001. */
    public static String label(double value) {
        if (Double.isNaN(value)) {
            return "none";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** Runs every value in order; stops between runs and inside one when asked, returning the points finished. */
    public List<SweepPoint> run(BooleanSupplier stop, Listener listener) {
        List<SweepPoint> points = new ArrayList<>();
        for (double v : values) {
            if (stop.getAsBoolean()) {
                break;
            }
            SweepPoint p = runOne(v, stop, listener);
            if (p == null) {
                break;
            }
            points.add(p);
            listener.onPoint(p);
        }
        return points;
    }

    private SweepPoint runOne(double value, BooleanSupplier stop, Listener listener) {
        TrainConfig config = config(value);
        RunDirectory run = RunDirectory.create(runFolder(value), config, overwrite);
        List<Double> knn = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        List<Double> ceilings = new ArrayList<>();
        TrainingListener events = e -> {
            if (e instanceof TrainingEvent.Evaluated ev) {
                knn.add(ev.knnTop1());
            } else if (e instanceof TrainingEvent.StepCompleted st) {
                losses.add(st.loss());
                bounds.add(st.monitors().getOrDefault(InfoNceLoss.BOUND_MONITOR, Double.NaN));
                ceilings.add(st.monitors().getOrDefault(InfoNceLoss.CEILING_MONITOR, Double.NaN));
            }
            listener.onEvent(value, e);
        };
        Trainer.Result r = new Trainer(config, data, run, events, device).run(stop);
        if (r.stoppedEarly() || knn.isEmpty() || r.knnTop1() == null) {
            return null;
        }
        double finalLoss = lastTenth(losses);
        double bound = lastTenth(bounds);
        if (Double.isFinite(bound)) {
            // InfoMin's estimate: the training loss's own bound, log K − L
            return new SweepPoint(knob.name(), value, r.knnTop1(), knn.get(0), bound, lastTenth(ceilings), finalLoss, r.steps(),
                    r.seconds(), run.root(), SweepPoint.FROM_TRAINING);
        }
        ViewInformation.Estimate info;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TrainingModel.Loaded model = TrainingModel.load(run, manager, false);
            ImageStore held = data.test().head(Math.min(INFO_IMAGES, data.test().size()));
            info = ViewInformation.estimate(model.backbone(), model.normalization(), model.imageSize(), held, config.viewRecipe(),
                    config.seed(), manager);
        }
        return new SweepPoint(knob.name(), value, r.knnTop1(), knn.get(0), info.nats(), info.ceiling(), finalLoss, r.steps(),
                r.seconds(), run.root(), SweepPoint.HELD_OUT);
    }

    /** The mean of the last tenth of a run's per-step values (NaN where any of them is). */
    private static double lastTenth(List<Double> perStep) {
        int tail = Math.max(1, perStep.size() / 10);
        return perStep.subList(Math.max(0, perStep.size() - tail), perStep.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
    }

    /** The point with the best kNN, for the summary line. */
    public static SweepPoint best(List<SweepPoint> points) {
        return points.stream().max((a, b) -> Double.compare(a.knnTop1(), b.knnTop1())).orElseThrow();
    }

    /** One point as a line of the CLI's output. */
    public static String line(SweepPoint p) {
        return String.format(Locale.ROOT, "%s=%s knn_top1=%.4f random_init=%.4f gain=%+.2f info_nce=%.3f/%.3f (%s) final_loss=%.4f "
                + "seconds=%.0f", p.param(), label(p.value()), p.knnTop1(), p.randomInit(), p.gain(), p.infoNce(), p.infoCeiling(),
                p.infoSource(), p.finalLoss(), p.seconds());
    }
}
