package org.contrastlab.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.ParamSpec;

/**
 * A run's settings that its config.json leaves out, read from what it logged. Runs keep every
 * setting whose default changed, but a default may have changed a release before runs began to
 * keep it: InstDisc's {@code softmax} became 1 one release before, so a config.json without it
 * may hold NCE's run (earlier releases) or the softmax's (that one release). Where the earlier
 * value left a mark in metrics.jsonl ({@link ParamSpec#earlierMonitor}: NCE logs {@code nce_z}),
 * the run's own lines decide; where nothing was logged the earlier value stands (StoredConfig).
 */
final class SettingsFromMetrics {
    /** Every method reports this monitor on the steps that carry monitors. */
    private static final String MONITORS_LOGGED = "\"collapse\":";

    private SettingsFromMetrics() {
    }

    /** Adds to {@code config}'s methodParams each such setting that it lacks and that {@code metrics} settles. */
    static void settle(JsonNode config, Path metrics) throws IOException {
        JsonNode method = config.get("method");
        Optional<MethodSpec> spec = method == null ? Optional.empty() : MethodSpec.find(method.asText());
        if (spec.isEmpty() || !(config instanceof ObjectNode root)) {
            return; // refused by the configuration's own check, named
        }
        for (ParamSpec p : spec.get().params()) {
            JsonNode params = root.get("methodParams");
            if (p.earlierMonitor() == null || params != null && params.has(p.name())) {
                continue;
            }
            Optional<Boolean> earlier = logged(metrics, "\"" + p.earlierMonitor() + "\":");
            if (earlier.isPresent()) {
                ObjectNode out = params instanceof ObjectNode o ? o : root.putObject("methodParams");
                out.put(p.name(), earlier.get() ? p.earlierDefault() : p.defaultValue());
            }
        }
    }

    /** Whether a step of the run logged {@code key}; empty where no step logged its monitors. */
    private static Optional<Boolean> logged(Path metrics, String key) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            return Optional.empty();
        }
        boolean monitors = false;
        try (BufferedReader in = Files.newBufferedReader(metrics, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains(key)) {
                    return Optional.of(true);
                }
                monitors |= line.contains(MONITORS_LOGGED);
            }
        }
        return monitors ? Optional.of(false) : Optional.empty();
    }
}
