package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.contrastlab.core.method.MethodParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written by release 0.1.0 ({@code ./contrastlab train --data sample:shapes --backbone
 * convnet-tiny --steps 2 --batch-size 8 --checkpoint-every 2 --eval-every 0}; its config.json and
 * metrics.jsonl kept as written) still opens with the same configuration and figures: a change to
 * the configuration's structure must keep reading it.
 */
class RunFormatTest {
    private static final String FIXTURE = "/org/contrastlab/core/train/run-0.1.0/";

    @TempDir
    Path tmp;

    @Test
    void aRunOfRelease010OpensWithItsConfigurationAndFigures() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        for (String f : new String[] {RunDirectory.CONFIG, RunDirectory.METRICS}) {
            try (InputStream in = RunFormatTest.class.getResourceAsStream(FIXTURE + f)) {
                Files.copy(in, run.resolve(f));
            }
        }
        TrainConfig expected = MethodPresets.small("simclr", MethodPresets.SHAPES).toBuilder().backbone("convnet-tiny").steps(2)
                .batchSize(8).checkpointEvery(2).evalEvery(0).build();
        assertEquals(expected, RunDirectory.open(run).config());
        RunSummary summary = RunSummary.read(run);
        assertEquals("simclr", summary.method());
        assertEquals(0.242, summary.knn(), 1e-9);
        assertEquals(2, summary.loss().size());
        assertEquals(3.2123026847839355, summary.loss().get(1)[1], 1e-12);
    }

    /**
     * A setting whose default changed (CPC v2's grid 7 → 3 and offsets 3 → 2, InstDisc's softmax
     * 0 → 1) is written into every run's config.json, and a config.json from before the change,
     * which left it out, opens with the default the run was trained with, not today's.
     */
    @Test
    void aChangedDefaultNeverChangesARunWrittenBeforeOrAfterIt() throws IOException {
        TrainConfig cpc = MethodPresets.small("cpc-v2", MethodPresets.SHAPES);
        RunDirectory.create(tmp.resolve("cpc"), cpc, false);
        JsonNode written = new ObjectMapper().readTree(tmp.resolve("cpc").resolve(RunDirectory.CONFIG).toFile());
        assertEquals(3.0, written.get("methodParams").get("grid").asDouble(), "today's default, kept in the run");
        assertEquals(2.0, written.get("methodParams").get("offsets").asDouble());
        assertEquals(cpc.resolvedParams().values(), RunDirectory.open(tmp.resolve("cpc")).config().resolvedParams().values());

        MethodParams cpcBefore = openedWithout(written, "cpc-before", "grid", "offsets").resolvedParams();
        assertEquals(7.0, cpcBefore.get("grid"), "a CPC v2 run of an earlier release was cut into bolts' 7 × 7 grid");
        assertEquals(3.0, cpcBefore.get("offsets"));
        assertEquals(1.0, cpcBefore.get("colour_drop"), "what the run set itself is kept");

        TrainConfig instdisc = MethodPresets.small("instdisc", MethodPresets.SHAPES);
        RunDirectory.create(tmp.resolve("instdisc"), instdisc, false);
        JsonNode instdiscWritten = new ObjectMapper().readTree(tmp.resolve("instdisc").resolve(RunDirectory.CONFIG).toFile());
        assertEquals(1.0, RunDirectory.open(tmp.resolve("instdisc")).config().resolvedParams().get("softmax"));
        assertEquals(0.0, openedWithout(instdiscWritten, "instdisc-before", "softmax").resolvedParams().get("softmax"),
                "an InstDisc run of an earlier release trained with NCE");
    }

    /**
     * InstDisc's softmax became the default one release before runs kept it, so a config.json
     * without it holds either an NCE run or a softmax one; the run's metrics tell them apart (NCE
     * logs nce_z with its monitors).
     */
    @Test
    void anInstDiscRunFromTheReleaseBetweenIsReadByItsMetrics() throws IOException {
        TrainConfig instdisc = MethodPresets.small("instdisc", MethodPresets.SHAPES);
        RunDirectory.create(tmp.resolve("written"), instdisc, false);
        JsonNode written = new ObjectMapper().readTree(tmp.resolve("written").resolve(RunDirectory.CONFIG).toFile());
        String first = "{\"step\":1,\"epoch\":0,\"loss\":8.1,\"lr\":0.01,\"grad_norm\":2.0}\n";
        String nce = first + "{\"step\":2,\"epoch\":0,\"loss\":8.0,\"lr\":0.02,\"collapse\":0.1,\"nce_z\":41.5,\"grad_norm\":2.1}\n";
        String softmax = first + "{\"step\":2,\"epoch\":0,\"loss\":8.0,\"lr\":0.02,\"collapse\":0.1,\"grad_norm\":2.1}\n";
        assertEquals(0.0, openedWithMetrics(written, "nce", nce, "softmax").resolvedParams().get("softmax"), "NCE logged nce_z");
        assertEquals(1.0, openedWithMetrics(written, "softmax", softmax, "softmax").resolvedParams().get("softmax"),
                "monitors without nce_z: the softmax of the release between");
        assertEquals(0.0, openedWithMetrics(written, "no-monitors", first, "softmax").resolvedParams().get("softmax"),
                "nothing logged that could tell: the earlier default, as before");
        assertEquals(1.0, openedWithMetrics(written, "kept", nce, "none").resolvedParams().get("softmax"),
                "a setting the run kept is never overridden by its metrics");
    }

    private TrainConfig openedWithMetrics(JsonNode config, String name, String metrics, String setting) throws IOException {
        openedWithout(config, name, setting);
        Files.writeString(tmp.resolve(name).resolve(RunDirectory.METRICS), metrics);
        return RunDirectory.open(tmp.resolve(name)).config();
    }

    private TrainConfig openedWithout(JsonNode config, String name, String... settings) throws IOException {
        ObjectNode copy = config.deepCopy();
        for (String s : settings) {
            ((ObjectNode) copy.get("methodParams")).remove(s);
        }
        Path run = tmp.resolve(name);
        Files.createDirectories(run);
        new ObjectMapper().writeValue(run.resolve(RunDirectory.CONFIG).toFile(), copy);
        return RunDirectory.open(run).config();
    }
}
