package org.contrastlab.core.train;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Folders;
import org.contrastlab.core.io.Json;

/**
 * The {@code checkpoints/} folder of a run, written so that a crash at any point leaves a
 * complete checkpoint in use. A checkpoint's files go into {@code .step-N.tmp}, each synced to
 * the disk, and {@code manifest.json} (every file's size and CRC-32) last; an older copy of the
 * same step is moved aside to {@code .step-N.old}; the new folder is renamed into place; then
 * {@code latest} is replaced and the copy aside and the checkpoints beyond the newest
 * {@value #KEEP} are deleted, each renamed to a {@code .trash-} name first so that no
 * half-deleted folder ever carries a step's name.
 *
 * <p>Readers take the newest complete checkpoint (its manifest verified), whatever
 * {@code latest} says, and say so when the two differ; the writer of a run repairs what a crash
 * left ({@link #recover}) before it writes again.
 */
public final class CheckpointStore {
    /** The points of a checkpoint write at which a crash is survivable; tests stop a write at each. */
    public enum WritePoint {
        /** Every file is in the temporary folder, synced; nothing in use has changed. */
        FILES_WRITTEN,
        /** An older copy of the same step has been moved aside. */
        OLD_MOVED_ASIDE,
        /** The new checkpoint carries its step's name; {@code latest} still names the one before. */
        RENAMED,
        /** {@code latest} names the new checkpoint; the copy aside and older ones are still there. */
        LATEST_MOVED,
        /** The copy aside and the checkpoints beyond the newest two have been renamed for deletion. */
        PRUNE_RENAMED
    }

    /**
     * Called at each {@link WritePoint}. A test's hook plays a crash by throwing an {@link Error}
     * there: the write's clean-up handles exceptions only, so nothing is tidied, as after a kill.
     */
    @FunctionalInterface
    public interface WriteHook {
        void reached(WritePoint point, int step);
    }

    static final String MANIFEST = "manifest.json";
    static final String LATEST = "latest";
    static final int KEEP = 2;
    private static final Pattern STEP_NAME = Pattern.compile("step-(\\d{7})");
    private static final Pattern ASIDE = Pattern.compile("\\.(step-\\d{7})\\.old");

    private final Path dir;
    private final WriteHook hook;

    CheckpointStore(Path dir, WriteHook hook) {
        this.dir = dir;
        this.hook = hook;
    }

    Path folder() {
        return dir;
    }

    /** Writes one checkpoint (see the class comment); returns its folder. */
    Path write(int step, Map<String, Block> networks, Map<String, Object> state, Map<String, NDList> arrays) {
        String name = String.format("step-%07d", step);
        Path tmp = dir.resolve("." + name + ".tmp");
        Path target = dir.resolve(name);
        Path aside = dir.resolve("." + name + ".old");
        boolean renamed = false;
        try {
            Files.createDirectories(dir);
            Folders.deleteTree(tmp);
            Files.createDirectories(tmp);
            Map<String, Map<String, Long>> files = new LinkedHashMap<>();
            for (Map.Entry<String, Block> e : networks.entrySet()) {
                files.put(e.getKey() + ".params", writeSynced(tmp.resolve(e.getKey() + ".params"), os -> {
                    DataOutputStream out = new DataOutputStream(os);
                    e.getValue().saveParameters(out);
                    out.flush();
                }));
            }
            for (Map.Entry<String, NDList> e : arrays.entrySet()) {
                if (!e.getValue().isEmpty()) { // DJL cannot read an empty list back; no file means no arrays
                    files.put(e.getKey() + ".ndlist", writeSynced(tmp.resolve(e.getKey() + ".ndlist"), os -> e.getValue().encode(os)));
                }
            }
            Map<String, Object> withStep = new LinkedHashMap<>(state);
            withStep.put("step", step);
            byte[] stateBytes = Json.mapper().writeValueAsBytes(withStep);
            files.put("state.json", writeSynced(tmp.resolve("state.json"), os -> os.write(stateBytes)));
            byte[] manifest = Json.mapper().writeValueAsBytes(Map.of("format", 1, "step", step, "files", files));
            writeSynced(tmp.resolve(MANIFEST), os -> os.write(manifest));
            AtomicFiles.syncFolder(tmp);
            hook.reached(WritePoint.FILES_WRITTEN, step);
            Folders.deleteTree(aside);
            if (Files.exists(target)) {
                AtomicFiles.move(target, aside);
                AtomicFiles.syncFolder(dir);
                hook.reached(WritePoint.OLD_MOVED_ASIDE, step);
            }
            AtomicFiles.move(tmp, target);
            renamed = true;
            AtomicFiles.syncFolder(dir);
            hook.reached(WritePoint.RENAMED, step);
            writeLatest(name);
            hook.reached(WritePoint.LATEST_MOVED, step);
            List<Path> doomed = new ArrayList<>();
            if (Files.exists(aside)) {
                doomed.add(aside);
            }
            int kept = 1; // the new one; then the newest complete ones before it; incomplete ones go
            for (Path p : stepFolders()) {
                if (!p.equals(target)) {
                    if (kept < KEEP && problem(p) == null) {
                        kept++;
                    } else {
                        doomed.add(p);
                    }
                }
            }
            List<Path> trash = new ArrayList<>();
            for (Path p : doomed) {
                Path t = dir.resolve(".trash-" + p.getFileName());
                Folders.deleteTree(t);
                AtomicFiles.move(p, t);
                trash.add(t);
            }
            AtomicFiles.syncFolder(dir);
            hook.reached(WritePoint.PRUNE_RENAMED, step);
            for (Path t : trash) {
                Folders.deleteTree(t);
            }
            return target;
        } catch (IOException | RuntimeException e) { // a full disk, a closed array: tidy up, keep the one before
            if (!renamed) {
                try {
                    Folders.deleteTree(tmp); // a failed write (a full disk) leaves nothing behind
                    if (Files.exists(aside) && !Files.exists(target)) {
                        AtomicFiles.move(aside, target);
                    }
                } catch (IOException ignored) {
                    // recovery at the next start finishes what is left
                }
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new UncheckedIOException(new IOException(target + ": cannot write the checkpoint (" + why + "); "
                    + "the checkpoint before it is kept", e));
        }
    }

    /**
     * Repairs what a crashed write left (the writer of the run calls it before it writes):
     * unfinished temporary folders are removed, a copy moved aside comes back where its step has
     * no complete checkpoint, folders marked for deletion are deleted, and {@code latest} names
     * the newest complete checkpoint. Returns one line per repair.
     */
    List<String> recover() {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return done;
        }
        try {
            for (Path p : list()) {
                String n = p.getFileName().toString();
                Matcher aside = ASIDE.matcher(n);
                if (n.startsWith(".trash-") || (n.startsWith(".step-") && n.endsWith(".tmp"))) {
                    Folders.deleteTree(p);
                    done.add(p + ": removed (left by an interrupted checkpoint write)");
                } else if (aside.matches()) {
                    Path target = dir.resolve(aside.group(1));
                    if (problem(target) == null) {
                        Folders.deleteTree(p);
                    } else {
                        Folders.deleteTree(target);
                        AtomicFiles.move(p, target);
                        done.add(target + ": put back from " + p.getFileName() + " (a rewrite of it was interrupted)");
                    }
                }
            }
            Optional<Path> newest = newestComplete(new ArrayList<>()); // what is passed over, readers note
            String named = readLatest();
            if (newest.isPresent() && !newest.get().getFileName().toString().equals(named)) {
                writeLatest(newest.get().getFileName().toString());
                done.add(dir.resolve(LATEST) + ": now names " + newest.get().getFileName()
                        + (named == null ? "" : " (it named " + named + ")"));
            }
            AtomicFiles.syncFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot repair the checkpoints (" + e.getMessage() + ")", e);
        }
        return done;
    }

    /**
     * The newest complete checkpoint; what was passed over on the way (an incomplete or damaged
     * checkpoint, a {@code latest} that names another) is added to {@code notices}.
     */
    Optional<Path> latest(List<String> notices) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String named = readLatest();
        Path latestFile = dir.resolve(LATEST);
        if (named != null && !STEP_NAME.matcher(named).matches()) {
            notices.add(latestFile + ": names '" + named + "', not a checkpoint of this run; ignored");
            named = null;
        }
        Optional<Path> newest = newestComplete(notices);
        if (newest.isPresent() && named != null && !named.equals(newest.get().getFileName().toString())) {
            Path namedDir = dir.resolve(named);
            if (!Files.exists(namedDir)) {
                notices.add(latestFile + ": names " + named + ", which is not there; using " + newest.get().getFileName());
            } else if (named.compareTo(newest.get().getFileName().toString()) < 0) {
                notices.add(latestFile + ": names " + named + ", but the newer " + newest.get().getFileName()
                        + " is complete (a write was interrupted after it); using it");
            }
        }
        return newest;
    }

    /** The step folders, newest first, complete or not. */
    List<Path> stepFolders() throws IOException {
        return list().stream().filter(p -> STEP_NAME.matcher(p.getFileName().toString()).matches())
                .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    }

    private Optional<Path> newestComplete(List<String> notices) {
        try {
            for (Path p : stepFolders()) {
                String problem = problem(p);
                if (problem == null) {
                    return Optional.of(p);
                }
                notices.add(problem + "; passed over");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the checkpoints (" + e.getMessage() + ")", e);
        }
    }

    /** Null when {@code checkpoint} is complete and its files are what its manifest says; else what is wrong, naming the file. */
    static String problem(Path checkpoint) {
        try {
            CheckpointManifest.verify(checkpoint);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private String readLatest() {
        Path latest = dir.resolve(LATEST);
        try {
            return Files.isRegularFile(latest) ? Files.readString(latest).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void writeLatest(String name) throws IOException {
        Path latest = dir.resolve(LATEST);
        Path tmp = dir.resolve("." + LATEST + ".tmp");
        AtomicFiles.writeSynced(tmp, os -> os.write((name + "\n").getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.move(tmp, latest);
        AtomicFiles.syncFolder(dir);
    }

    /** Writes {@code file} synced to the disk ({@link AtomicFiles#writeSynced}); returns its size and CRC-32 for the manifest. */
    private static Map<String, Long> writeSynced(Path file, AtomicFiles.Writer writer) throws IOException {
        long crc = AtomicFiles.writeSynced(file, writer);
        Map<String, Long> entry = new LinkedHashMap<>();
        entry.put("bytes", Files.size(file));
        entry.put("crc32", crc);
        return entry;
    }
}
