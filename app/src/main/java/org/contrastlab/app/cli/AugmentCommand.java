package org.contrastlab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.ViewPreview;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.ImageDecoder;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.data.LoadOptions;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Json;
import org.contrastlab.core.io.PngFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab augment}: draws a recipe's views of one image N times and writes each view
 * as a PNG, with {@code params.json} saying what was drawn for each. The same seed writes the
 * same files.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Write the views a recipe draws from one image as PNGs, with params.json.")
public final class AugmentCommand implements Callable<Integer> {
    private static final int IMAGE_MAX_SIDE = 1024;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", description = "a dataset (folder, CIFAR/MNIST, sample:shapes); with --index")
        String data;
        @Option(names = "--image", description = "one image file")
        Path image;
    }

    @Option(names = "--index", defaultValue = "0", description = "which image of the dataset's training split (default: ${DEFAULT-VALUE})")
    int index;
    @Option(names = "--recipe", required = true, description = "a preset name (see --list) or a .yaml/.json recipe file")
    String recipe;
    @Option(names = "--n", defaultValue = "4", description = "how many times the recipe is drawn; each draw writes every view of the "
            + "recipe (default: ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--seed", defaultValue = "0", description = "random seed: the same seed writes the same files (default: "
            + "${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", required = true, description = "the folder to write the PNGs and params.json into")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("--n must be within 1..1000, got " + n);
        }
        ViewRecipe r = RecipeFiles.resolve(recipe);
        ImageStore image;
        String name;
        Map<String, Object> from = new LinkedHashMap<>();
        if (source.image != null) {
            image = ImageDecoder.single(source.image, IMAGE_MAX_SIDE);
            name = source.image.getFileName().toString();
            from.put("image", source.image.toString());
        } else {
            DatasetSplits splits = Skipped.report(Datasets.open(source.data,
                    new LoadOptions(Math.max(32, Math.min(512, r.globalSize())), 0.1, 0)), spec.commandLine().getErr());
            if (index < 0 || index >= splits.train().size()) {
                throw new IllegalArgumentException("--index " + index + " is outside the training split of " + splits.name()
                        + " (0.." + (splits.train().size() - 1) + ")");
            }
            image = splits.train().subset(new int[] {index});
            name = splits.name() + " #" + index;
            from.put("data", source.data);
            from.put("index", index);
            int label = image.label(0);
            if (label >= 0) {
                from.put("label", splits.train().classNames().get(label));
            }
        }
        from.put("height", image.height());
        from.put("width", image.width());
        r.checkAgainst(image.height(), image.width(), name);

        long[] seeds = new long[n];
        for (int d = 0; d < n; d++) {
            seeds[d] = ViewPreview.imageSeed(seed, d);
        }
        List<List<ViewPreview.View>> draws = ViewPreview.make(ImageStore.concat(Collections.nCopies(n, image)), r, seeds);
        Files.createDirectories(out);
        List<Map<String, Object>> views = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            List<ViewPreview.View> draw = draws.get(d);
            for (int v = 0; v < draw.size(); v++) {
                ViewPreview.View view = draw.get(v);
                String file = String.format(Locale.ROOT, "draw%03d-view%02d-%s.png", d, v, view.role().name().toLowerCase(Locale.ROOT));
                writePng(out.resolve(file), view.argb(), view.size());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("file", file);
                entry.put("draw", d);
                entry.put("view", v);
                entry.put("group", view.group());
                entry.put("role", view.role().name().toLowerCase(Locale.ROOT));
                entry.put("size", view.size());
                entry.putAll(view.params().describe());
                views.add(entry);
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seed", seed);
        params.put("source", from);
        params.put("recipe", r);
        params.put("views", views);
        AtomicFiles.writeString(out.resolve("params.json"), Json.mapper().writeValueAsString(params) + "\n");
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "%d views of %s (%d×%d) with %s written to %s%n", views.size(), name, image.width(), image.height(),
                r.name(), out);
        spec.commandLine().getOut().printf(Locale.ROOT, "views=%d%n", views.size());
        return 0;
    }

    private static void writePng(Path file, int[] argb, int size) {
        try {
            PngFiles.write(file, argb, size, size);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }
}
