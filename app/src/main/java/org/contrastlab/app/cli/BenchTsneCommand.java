package org.contrastlab.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.eval.Embedder;
import org.contrastlab.core.io.Npy;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.TrainingModel;
import org.contrastlab.core.tsne.Affinities;
import org.contrastlab.core.tsne.MapQuality;
import org.contrastlab.core.tsne.TSne;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench tsne}: our t-SNE against scikit-learn's Barnes-Hut t-SNE on the same
 * embedding matrices (the dataset's images through a run's backbone, or a randomly initialised
 * convnet-small), same perplexity, PCA initialisation and iterations, the same number of
 * threads; time and map quality (measured here, the same way for both maps) for each size, and
 * {@code tsne_speedup=<scikit-learn's time / ours>} at 10,000 points as the last line.
 */
@Command(name = "tsne", mixinStandardHelpOptions = true,
        description = "Our t-SNE against scikit-learn's Barnes-Hut t-SNE; prints tsne_speedup=<sklearn time / ours> at 10k points last.")
public final class BenchTsneCommand implements Callable<Integer> {
    static final String SCRIPT = String.join("\n",
            "import sys, time, numpy as np, sklearn",
            "from sklearn.manifold import TSNE",
            "x = np.load(sys.argv[1])",
            "version = tuple(int(p) for p in sklearn.__version__.split('.')[:2])",
            "kw = dict(perplexity=float(sys.argv[3]), init='pca', learning_rate='auto', method='barnes_hut', angle=0.5,",
            "          n_jobs=int(sys.argv[5]), random_state=0)",
            "kw['max_iter' if version >= (1, 5) else 'n_iter'] = int(sys.argv[4])",
            "t = time.perf_counter()",
            "tsne = TSNE(**kw)",
            "y = tsne.fit_transform(x)",
            "seconds = time.perf_counter() - t",
            "np.save(sys.argv[2], y.astype(np.float32))",
            "print('seconds=%.3f kl=%.4f sklearn=%s' % (seconds, tsne.kl_divergence_, sklearn.__version__))", "");

    @Spec
    CommandSpec spec;
    @CommandLine.Mixin
    CommonOptions common;
    @Option(names = "--data", defaultValue = "../shared/data/cifar10", description = "the images to embed (default: ${DEFAULT-VALUE})")
    String data;
    @Option(names = "--run", description = "embed with this run's backbone (default: a randomly initialised convnet-small)")
    Path run;
    @Option(names = "--sizes", split = ",", defaultValue = "2000,10000", description = "numbers of points (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;
    @Option(names = "--large", description = "also 70,000 points (the dataset's images repeated through flipped copies when it has fewer)")
    boolean large;
    @Option(names = "--perplexity", defaultValue = "30", description = "default: ${DEFAULT-VALUE}")
    double perplexity;
    @Option(names = "--iterations", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}")
    int iterations;
    @Option(names = "--threads", defaultValue = "2", description = "scikit-learn's threads (n_jobs, OMP_NUM_THREADS) (default: "
            + "${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--python", description = "the Python with scikit-learn (default: /usr/bin/python3 when it has it, else python3)")
    String python;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String py = python != null ? python : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        if (!SklearnRunner.available(py)) {
            spec.commandLine().getErr().println("scikit-learn is missing for " + py + "; installing Debian's python3-sklearn …");
            if (!SklearnRunner.install()) {
                spec.commandLine().getErr().println("could not install it: run `sudo apt-get install python3-sklearn`"
                        + " (or `pip install scikit-learn`) and pass --python to that Python");
                return 2;
            }
        }
        List<Integer> ns = new ArrayList<>(sizes);
        if (large) {
            ns.add(70_000);
        }
        int most = ns.stream().mapToInt(Integer::intValue).max().orElse(0);
        Path dir = Files.createTempDirectory("contrastlab-bench-tsne");
        double speedup = Double.NaN;
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.parse(common.device).device())) {
            float[][] embedded = embed(most, manager);
            float[] x = embedded[0];
            int d = (int) embedded[1][0];
            int[] labels = new int[most];
            for (int i = 0; i < most; i++) {
                labels[i] = (int) embedded[2][i];
            }
            spec.commandLine().getErr().printf(Locale.ROOT, "%d embeddings of %d dimensions from %s%n", most, d, data);
            for (int n : ns) {
                float[] xs = Arrays.copyOf(x, n * d);
                int[] ls = Arrays.copyOf(labels, n);
                Path in = dir.resolve("x" + n + ".npy");
                Npy.write(in, xs, n, d);
                TSne.Config config = TSne.Config.defaults().withPerplexity(perplexity).withIterations(iterations);
                long t0 = System.nanoTime();
                TSne.Result ours = TSne.run(xs, n, d, config, manager, () -> false, (i, y, kl) -> { });
                double oursSeconds = (System.nanoTime() - t0) / 1e9;
                MapQuality oursQ = MapQuality.measure(xs, n, d, ours.layout(), ls, 10, 2000, 1, manager);
                SklearnRunner.Run sk = SklearnRunner.run(py, SCRIPT, in, dir.resolve("y" + n + ".npy"), perplexity, iterations, threads);
                double[] skLayout = new double[2 * n];
                for (int i = 0; i < skLayout.length; i++) {
                    skLayout[i] = sk.layout()[i];
                }
                MapQuality skQ = MapQuality.measure(xs, n, d, skLayout, ls, 10, 2000, 1, manager);
                // both maps' KL measured here the same way, against our map's P (scikit-learn's own is a Barnes-Hut estimate)
                Affinities p = ours.similarities();
                double oursKl = TSne.divergence(p, ours.layout(), manager);
                double skKl = TSne.divergence(p, skLayout, manager);
                double ratio = sk.seconds() / oursSeconds;
                if (n == 10_000) {
                    speedup = ratio;
                }
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "n=%d ours_s=%.1f ours_trust=%.4f ours_knn_kept=%.4f ours_knn_acc=%.4f ours_kl=%.4f"
                                + " sklearn_s=%.1f sklearn_trust=%.4f sklearn_knn_kept=%.4f sklearn_knn_acc=%.4f sklearn_kl=%.4f "
                                        + "speedup=%.2f%n",
                        n, oursSeconds, oursQ.trustworthiness(), oursQ.knnPreserved(), oursQ.knnAccuracy(), oursKl,
                        sk.seconds(), skQ.trustworthiness(), skQ.knnPreserved(), skQ.knnAccuracy(), skKl, ratio);
                spec.commandLine().getOut().flush();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "tsne_speedup=%.2f", speedup));
        return 0;
    }

    /** The first {@code count} images embedded: {values, {d}, labels}; flipped copies when the dataset has fewer. */
    private float[][] embed(int count, NDManager manager) {
        DatasetSplits splits = Datasets.open(data, new LoadOptions(32, 0.1, 42));
        List<ImageStore> parts = new ArrayList<>(List.of(splits.train()));
        if (splits.test() != null) {
            parts.add(splits.test());
        }
        ImageStore all = concatLabelled(parts);
        TrainingModel.Loaded model;
        if (run != null) {
            model = TrainingModel.load(RunDirectory.open(run), manager, false);
        } else {
            model = TrainingModel.random("convnet-small", all, 32, manager);
        }
        Embedder embedder = new Embedder(model.backbone(), new ParameterStore(manager, false), model.normalization(), model.imageSize(),
                256);
        List<float[]> chunks = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int d = 0;
        int have = 0;
        for (int copy = 0; have < count; copy++) {
            ImageStore source = copy == 0 ? all : all.transformed(copy % 2 == 1, 2 * ((copy + 1) / 2));
            try (NDManager scope = manager.newSubManager()) {
                NDArray f = embedder.embed(source, scope);
                d = (int) f.getShape().get(1);
                chunks.add(f.toFloatArray());
            }
            for (int i = 0; i < source.size(); i++) {
                labels.add(source.label(i));
            }
            have += source.size();
        }
        float[] x = new float[count * d];
        int at = 0;
        for (float[] c : chunks) {
            int take = Math.min(c.length, x.length - at);
            System.arraycopy(c, 0, x, at, take);
            at += take;
        }
        float[] ls = new float[count];
        for (int i = 0; i < count; i++) {
            ls[i] = labels.get(i);
        }
        return new float[][] {x, {d}, ls};
    }

    private static ImageStore concatLabelled(List<ImageStore> stores) {
        return stores.size() == 1 ? stores.get(0) : ImageStore.concatLabelled(stores);
    }
}
