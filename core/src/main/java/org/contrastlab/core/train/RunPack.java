package org.contrastlab.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Folders;

/**
 * A run made small to share or ship: its configuration, its metrics and its latest
 * checkpoint's backbone and state (and DINO's teacher backbone, the network DINO publishes),
 * without the heads, other teachers and optimizer state (a convnet-small run: 1.6 MB instead
 * of 4.7). Evaluation, embedding, attention maps and the
 * window's views open it like the run; training cannot resume from it.
 */
public final class RunPack {
    /** What a packed checkpoint keeps. */
    public static final List<String> CHECKPOINT_FILES = List.of("backbone.params", "state.json");
    /** What a packed checkpoint keeps where the run has it. */
    public static final List<String> OPTIONAL_FILES = List.of("teacher_backbone.params");

    private RunPack() {
    }

    /**
     * Writes the pack of {@code run} to {@code out} (through a temporary folder and a rename:
     * a failure leaves nothing half-written); refuses an existing {@code out} unless {@code overwrite}.
     *
     * @return the size of the pack in bytes
     */
    public static long write(RunDirectory run, Path out, boolean overwrite) {
        Path checkpoint = run.requireCheckpoint("to pack");
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException(out + ": already exists (--overwrite replaces it)");
        }
        if (out.toAbsolutePath().normalize().equals(run.root().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(out + ": is the run itself; pack it into another folder");
        }
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempDirectory(parent, "." + out.getFileName() + "-");
            try {
                Files.copy(run.root().resolve(RunDirectory.CONFIG), temp.resolve(RunDirectory.CONFIG));
                Path metrics = run.root().resolve(RunDirectory.METRICS);
                if (Files.isRegularFile(metrics)) {
                    Files.copy(metrics, temp.resolve(RunDirectory.METRICS));
                }
                String step = checkpoint.getFileName().toString();
                Path target = temp.resolve("checkpoints").resolve(step);
                Files.createDirectories(target);
                List<String> kept = new ArrayList<>(CHECKPOINT_FILES);
                OPTIONAL_FILES.stream().filter(f -> Files.isRegularFile(checkpoint.resolve(f))).forEach(kept::add);
                for (String f : kept) {
                    Files.copy(checkpoint.resolve(f), target.resolve(f));
                }
                CheckpointManifest.copySubset(checkpoint, target, kept);
                Files.writeString(temp.resolve("checkpoints").resolve("latest"), step + "\n");
                long size = size(temp);
                if (Files.exists(out)) {
                    Folders.deleteTree(out);
                }
                AtomicFiles.move(temp, out);
                return size;
            } finally {
                Folders.deleteTree(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the pack (" + e.getMessage() + ")", e);
        }
    }

    /** Whether a checkpoint is a pack's: the backbone and state only, no optimizer state. */
    public static boolean isPacked(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint.resolve("backbone.params")) || Files.exists(checkpoint.resolve("optimizer.ndlist"))) {
            return false;
        }
        try (Stream<Path> files = Files.list(checkpoint)) { // a run that lost its optimizer state still has its heads
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".params"))
                    .allMatch(n -> CHECKPOINT_FILES.contains(n) || OPTIONAL_FILES.contains(n));
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses, with a message naming the run, to resume training from a packed checkpoint. */
    public static void refuseResume(Path checkpoint) {
        if (isPacked(checkpoint)) {
            Path run = checkpoint.toAbsolutePath().getParent().getParent();
            throw new IllegalArgumentException(run + ": a packed run (backbone only, no heads or optimizer state): it opens for "
                    + "evaluation and viewing, but training cannot resume from it; train anew with its config.json");
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

}
