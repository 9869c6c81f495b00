package org.contrastlab.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contrastlab.core.io.Npy;

/** Runs scikit-learn's t-SNE in a Python process for {@code bench tsne}. */
final class SklearnRunner {
    /** What the script reported: its own time for the fit, its KL divergence, and the layout (n × 2). */
    record Run(double seconds, double kl, float[] layout) {
    }

    private static final Pattern REPORT = Pattern.compile("seconds=([0-9.]+) kl=([0-9.naN-]+)");

    private SklearnRunner() {
    }

    static boolean available(String python) throws InterruptedException {
        try {
            return new ProcessBuilder(python, "-c", "import sklearn.manifold").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Debian's package, when this process may install it (root with apt-get). */
    static boolean install() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "python3-sklearn").inheritIO().start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Run run(String python, String script, Path in, Path out, double perplexity, int iterations, int threads)
            throws IOException, InterruptedException {
        Path file = in.resolveSibling("tsne_sklearn.py");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder(python, file.toString(), in.toString(), out.toString(),
                Double.toString(perplexity), Integer.toString(iterations), Integer.toString(threads)).redirectErrorStream(true);
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            pb.environment().put(v, Integer.toString(threads));
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("scikit-learn's t-SNE failed: " + output.strip());
        }
        Matcher m = REPORT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("scikit-learn's t-SNE printed no time: " + output.strip());
        }
        return new Run(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Npy.read(out).values());
    }
}
