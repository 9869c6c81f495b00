package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.embed.Embeddings;
import org.contrastlab.core.embed.MapCsv;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.tsne.MapQuality;
import org.contrastlab.core.tsne.TSne;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contrastlab map}: the t-SNE map of an embeddings file, its quality, and its coordinates as CSV. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "t-SNE of an embeddings file (from `contrastlab embed`); writes index,label,class,x,y as CSV and prints "
                + "map_knn_accuracy=<fraction> last.")
public final class MapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @CommandLine.Mixin
    CommonOptions common;
    @Option(names = "--embeddings", required = true, description = "a .npy or .safetensors file (labels from <name>.labels.tsv)")
    Path embeddings;
    @Option(names = "--out", required = true, description = "the CSV file to write")
    Path out;
    @Option(names = "--perplexity", defaultValue = "30", description = "default: ${DEFAULT-VALUE}")
    double perplexity;
    @Option(names = "--iterations", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}")
    int iterations;
    @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() {
        Embeddings e = Embeddings.read(embeddings);
        TSne.Config config = TSne.Config.defaults().withPerplexity(perplexity).withIterations(iterations).withSeed(seed);
        config.checkAgainst(e.n());
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.parse(common.device).device())) {
            long t0 = System.nanoTime();
            TSne.Result r = TSne.run(e.values(), e.n(), e.d(), config, manager, () -> false, (i, y, kl) -> { });
            double seconds = (System.nanoTime() - t0) / 1e9;
            boolean labelled = Arrays.stream(e.labels()).allMatch(l -> l >= 0);
            MapQuality q = MapQuality.measure(e.values(), e.n(), e.d(), r.layout(), labelled ? e.labels() : null, 10, 2000, 1, manager);
            MapCsv.write(out, e, r.layout(), null, null);
            spec.commandLine().getErr().printf(Locale.ROOT, "%d points of %d dimensions, %.1f s; KL %.4f, trustworthiness %.4f,"
                    + " 10-NN kept %.4f → %s%n", e.n(), e.d(), seconds, r.kl(), q.trustworthiness(), q.knnPreserved(), out);
            spec.commandLine().getOut().printf(Locale.ROOT, "map_knn_accuracy=%.4f%n", q.knnAccuracy());
        }
        return 0;
    }
}
