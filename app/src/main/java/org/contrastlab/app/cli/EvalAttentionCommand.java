package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.attention.AttentionScore;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.viewer.ViTModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab eval attention}: how well a ViT's CLS attention finds the objects of a
 * dataset with object masks (DINO's mask keeping a share of the attention mass, its Jaccard
 * index against the truth); {@code --random-init} gives the baseline.
 */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Jaccard index of a ViT's attention mask against object masks; prints attention_jaccard=<fraction> (the best "
                + "head's).")
public final class EvalAttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    ViTSource source;
    @Option(names = "--data", required = true, description = "a dataset with object masks, e.g. sample:shapes")
    String data;
    @Mixin
    AttentionOptions attention;
    @Option(names = "--limit", defaultValue = "500", description = "held-out images scored (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        attention.check();
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be ≥ 1, got " + limit);
        }
        DeviceChoice device = DeviceChoice.parse(common.device);
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            ViTModel model = source.load(manager);
            DatasetSplits splits = Skipped.report(Datasets.open(data, new LoadOptions(model.imageSize(), 0.1, 42)),
                    spec.commandLine().getErr());
            ImageStore images = splits.test() != null ? splits.test() : splits.train();
            if (!images.hasMasks()) {
                throw new DatasetException(data + ": has no object masks to score attention against (sample:shapes has them)");
            }
            AttentionScore.Result r = AttentionScore.evaluate(new AttentionReader(model.vit(), new ParameterStore(manager, false)),
                    model.normalization(), images, model.imageSize(), attention.layer, attention.mass, limit, manager);
            var err = spec.commandLine().getErr();
            model.notices().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            err.printf(Locale.ROOT, "%s, layer %d, %d images of %s at %d px, mask keeping %.0f%% of the CLS attention%n",
                    model.description(), attention.layer, r.images(), data, model.imageSize(), attention.mass * 100);
            for (int h = 0; h < r.perHead().length; h++) {
                err.printf(Locale.ROOT, "head %d: jaccard %.4f%s%n", h, r.perHead()[h], h == r.bestHead() ? "  (best)" : "");
            }
            var out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "attention_jaccard_mean_map=%.4f", r.meanMap()));
            out.println(String.format(Locale.ROOT, "attention_jaccard=%.4f", r.bestHeadJaccard()));
        }
        return 0;
    }
}
