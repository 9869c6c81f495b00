package org.contrastlab.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.contrastlab.core.io.Json;

/**
 * A checkpoint's {@code manifest.json}: the size and CRC-32 of each of its files, written last,
 * so that a checkpoint is complete exactly when its manifest is there and every file matches
 * it. Checkpoints written before manifests existed (and the packs made from them) count as
 * complete when their {@code state.json} and backbone are there.
 */
final class CheckpointManifest {
    private static final long MAX_MANIFEST_BYTES = 1 << 20;

    private CheckpointManifest() {
    }

    /** Refuses a checkpoint that is incomplete or whose files differ from its manifest, naming the file and the difference. */
    static void verify(Path checkpoint) {
        Path manifest = checkpoint.resolve(CheckpointStore.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            for (String required : List.of("state.json", "backbone.params")) {
                if (!Files.isRegularFile(checkpoint.resolve(required))) {
                    throw new IllegalArgumentException(checkpoint + ": incomplete (no " + CheckpointStore.MANIFEST
                            + " and no " + required + ")");
                }
            }
            return;
        }
        for (Map.Entry<String, long[]> e : read(manifest).entrySet()) {
            Path file = checkpoint.resolve(e.getKey());
            long bytes = e.getValue()[0];
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(file + ": missing (" + manifest.getFileName() + " lists it)");
                }
                long size = Files.size(file);
                if (size != bytes) {
                    throw new IllegalArgumentException(file + ": " + size + " bytes where " + manifest.getFileName()
                            + " says " + bytes + (size < bytes ? " (truncated)" : ""));
                }
                if (crc(file) != e.getValue()[1]) {
                    throw new IllegalArgumentException(file + ": its contents differ from its checksum in "
                            + manifest.getFileName() + " (damaged)");
                }
            } catch (IOException ex) {
                throw new IllegalArgumentException(file + ": cannot read (" + ex.getMessage() + ")", ex);
            }
        }
    }

    /** Writes the manifest of {@code to} from {@code from}'s, keeping only the files {@code to} holds (a pack). */
    static void copySubset(Path from, Path to, List<String> files) throws IOException {
        Path manifest = from.resolve(CheckpointStore.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return; // a checkpoint from before manifests: its pack has none either
        }
        JsonNode root = Json.mapper().readTree(manifest.toFile());
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String f : files) {
            JsonNode entry = root.path("files").get(f);
            if (entry != null) {
                kept.put(f, Json.mapper().convertValue(entry, Map.class));
            }
        }
        Files.write(to.resolve(CheckpointStore.MANIFEST), Json.mapper().writeValueAsBytes(
                Map.of("format", 1, "step", root.path("step").asInt(), "files", kept)));
    }

    /** File name → {bytes, crc32}. */
    private static Map<String, long[]> read(Path manifest) {
        try {
            if (Files.size(manifest) > MAX_MANIFEST_BYTES) {
                throw new IllegalArgumentException(manifest + ": " + Files.size(manifest) + " bytes, not a manifest");
            }
            JsonNode files = Json.mapper().readTree(manifest.toFile()).path("files");
            if (!files.isObject() || files.isEmpty()) {
                throw new IllegalArgumentException(manifest + ": lists no files");
            }
            Map<String, long[]> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IllegalArgumentException(manifest + ": lists '" + name + "', not a file of the checkpoint");
                }
                JsonNode bytes = e.getValue().get("bytes");
                JsonNode crc = e.getValue().get("crc32");
                if (bytes == null || !bytes.canConvertToLong() || crc == null || !crc.canConvertToLong()) {
                    throw new IllegalArgumentException(manifest + ": the entry of " + name + " has no bytes or crc32");
                }
                out.put(name, new long[] {bytes.asLong(), crc.asLong()});
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }
}
