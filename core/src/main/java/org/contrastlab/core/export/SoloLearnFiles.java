package org.contrastlab.core.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.io.AtomicFiles;

/**
 * Writes a {@link SoloLearnExport.Export} as solo-learn keeps its scripts: {@code NAME.yaml},
 * {@code augmentations/NAME.yaml}, the launch script {@code launch.sh} (one GPU node, or each node
 * of several with Lightning's MASTER_ADDR, MASTER_PORT, WORLD_SIZE and NODE_RANK), and
 * {@code NOT-CARRIED.txt}. Each file is written whole or not at all.
 */
public final class SoloLearnFiles {
    // numbers in plain decimals: PyYAML, which Hydra reads with, takes "1.0E10" for a string
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private SoloLearnFiles() {
    }

    /** The configuration as YAML text. */
    public static String yaml(Object tree) {
        try {
            return YAML.writeValueAsString(plain(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tree with every double as a plain decimal of six significant digits, at least one after the point. */
    static Object plain(Object v) {
        if (v instanceof Double d) {
            BigDecimal b = new BigDecimal(String.format(Locale.ROOT, "%.6g", d)).stripTrailingZeros();
            return b.scale() <= 0 ? b.setScale(1) : b;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SoloLearnFiles::plain).toList();
        }
        return v;
    }

    /** The command that launches the training from a solo-learn checkout, on this node. */
    public static String command(SoloLearnExport.Export e, Path dir) {
        return "python3 main_pretrain.py --config-path " + dir.toAbsolutePath().normalize() + " --config-name " + e.name() + ".yaml";
    }

    /** Writes the files into {@code dir} (made if missing); returns them. */
    public static List<Path> write(SoloLearnExport.Export e, Path dir, int devices, int nodes) {
        try {
            Files.createDirectories(dir.resolve("augmentations"));
            Path config = dir.resolve(e.name() + ".yaml");
            Path views = dir.resolve("augmentations").resolve(e.name() + ".yaml");
            Path launch = dir.resolve("launch.sh");
            Path notes = dir.resolve("NOT-CARRIED.txt");
            AtomicFiles.writeString(config, "# written by contrastlab export-recipe: solo-learn's pre-training layout\n"
                    + yaml(e.config()));
            AtomicFiles.writeString(views, yaml(e.augmentations()));
            AtomicFiles.writeString(launch, launchScript(e, dir, devices, nodes));
            launch.toFile().setExecutable(true);
            AtomicFiles.writeString(notes, e.notCarried().isEmpty() ? "Every value of the run carried over.\n"
                    : "What solo-learn cannot express, and what was written instead:\n- " + String.join("\n- ", e.notCarried()) + "\n");
            return List.of(config, views, launch, notes);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the recipe into " + dir + ": " + ex.getMessage(), ex);
        }
    }

    private static String launchScript(SoloLearnExport.Export e, Path dir, int devices, int nodes) {
        String run = command(e, dir);
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n"
                + "# Run from a checkout of vturrisi/solo-learn, its requirements installed.\nset -euo pipefail\n");
        if (nodes <= 1) {
            s.append(String.format(Locale.ROOT, "# %d GPU(s) on this machine; Lightning starts one DDP process per GPU\n", devices));
            return s.append(run).append('\n').toString();
        }
        s.append(String.format(Locale.ROOT, "# %d nodes of %d GPUs: run this on every node, NODE_RANK 0 on the first, whose address is "
                + "MASTER_ADDR%n: \"${MASTER_ADDR:?the first node's address}\"%n: \"${NODE_RANK:?0 on the first node, 1, 2 … on the "
                + "others}\"%nexport MASTER_PORT=\"${MASTER_PORT:-29500}\" WORLD_SIZE=%d%n", nodes, devices, nodes * devices));
        return s.append(run).append('\n').toString();
    }
}
