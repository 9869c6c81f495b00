package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
