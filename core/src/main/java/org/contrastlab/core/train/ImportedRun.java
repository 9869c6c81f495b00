package org.contrastlab.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Folders;
import org.contrastlab.core.io.Json;
import org.contrastlab.core.io.torch.TorchCheckpoint;
import org.contrastlab.core.model.BackboneSpec;

/**
 * A run made from another trainer's checkpoint (solo-learn's Lightning {@code .ckpt}, any
 * {@code torch.save} file, read without running its code): the recipe of the laptop run it came
 * from, the checkpoint's backbone (found under its prefix: {@code state_dict.backbone.} over the
 * momentum copy), kept as a packed checkpoint at the trainer's step. Such a run opens in the
 * attention viewer, the explorer and {@code eval knn} as any other and sits beside the laptop
 * runs in the Runs view; it cannot be resumed (no optimizer state).
 */
public final class ImportedRun {
    /** Our backbones a trainer's checkpoint is tried as, after the recipe's own. */
    private static final List<String> CANDIDATES = List.of("resnet18-cifar", "resnet18", "resnet50", "vit-tiny", "vit-small",
            "vit-base", "vit-micro", "convnet-small", "convnet-tiny");

    /**
     * What was made.
     *
     * @param backbone our backbone the checkpoint's network is
     * @param what     what was loaded, in a line
     * @param step     the trainer's step (Lightning's {@code global_step}; 0 when the file has none)
     */
    public record Imported(Path run, String backbone, String what, int step) {
    }

    private ImportedRun() {
    }

    /**
     * Makes the run folder {@code out} (refused if it exists) from {@code file} with {@code recipe}'s
     * configuration; {@code backbone} null tries the recipe's own and then each of ours the file
     * could be.
     */
    public static Imported create(TrainConfig recipe, Path file, String encoder, String backbone, Normalization normalization, Path out) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + ": already exists; choose a new run folder");
        }
        int step = step(file);
        List<String> problems = new ArrayList<>();
        Set<String> tried = new LinkedHashSet<>();
        if (backbone != null) {
            tried.add(backbone);
        } else {
            tried.add(recipe.backbone());
            tried.addAll(CANDIDATES);
        }
        try (NDManager manager = NDManager.newBaseManager(); NoGrad off = NoGrad.enter()) {
            for (String b : tried) {
                TrainConfig config;
                Block block;
                String what;
                try {
                    config = recipe.toBuilder().backbone(b).initFrom(file.toAbsolutePath().toString(), encoder)
                            .steps(Math.max(1, step)).epochs(0).build();
                    block = BackboneSpec.byId(config.backbone()).newBlock();
                    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, config.imageSize(), config.imageSize()));
                    what = BackboneInit.into(file, encoder, block, manager);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    problems.add(b + ": " + e.getMessage());
                    continue;
                }
                return write(config, block, what, file, normalization, out, step);
            }
        }
        throw new IllegalArgumentException(file + ": its network is none of our backbones (" + String.join(", ", tried) + ")"
                + (problems.isEmpty() ? "" : "; " + problems.get(0)));
    }

    private static Imported write(TrainConfig config, Block backbone, String what, Path file, Normalization normalization, Path out,
                                  int step) {
        RunDirectory run = RunDirectory.create(out, config, false);
        try {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("normalization_mean", normalization.mean());
            state.put("normalization_std", normalization.std());
            state.put("method_state", new TreeMap<>());
            state.put("imported_from", file.toAbsolutePath().toString());
            run.writeCheckpoint(Math.max(1, step), Map.of("backbone", backbone), state);
            // one line of metrics: the steps the trainer took, so that the runs list says how far it went
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", step);
            line.put("imported_from", file.toAbsolutePath().toString());
            AtomicFiles.writeString(out.resolve(RunDirectory.METRICS), Json.line(line) + "\n");
            return new Imported(out, config.backbone(), what, step);
        } catch (IOException | RuntimeException e) {
            try {
                Folders.deleteTree(out); // nothing half-made stays
            } catch (IOException ex) {
                e.addSuppressed(ex);
            }
            throw e instanceof IOException io ? new UncheckedIOException(out + ": " + io.getMessage(), io) : (RuntimeException) e;
        }
    }

    /** Lightning's {@code global_step}, or 0. */
    private static int step(Path file) {
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            return c.scalars().get("global_step") instanceof Number n ? n.intValue() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
