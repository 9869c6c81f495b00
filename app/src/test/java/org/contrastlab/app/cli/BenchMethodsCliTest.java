package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code contrastlab bench methods} as a script reads it: a header, a row per method ending with its backbone, the summary lines. */
class BenchMethodsCliTest {
    @Test
    void aRowPerMethodWithItsBackboneThenTheSummaryLines() {
        CliTest.Outcome o = CliTest.run("bench", "methods", "--data", "sample:shapes", "--methods", "simclr,moby", "--steps", "2",
                "--batch-size", "16");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.get(0).contains("2 steps of 16 images"), lines.get(0));
        assertTrue(lines.get(1).matches("method +knn_top1 +random_init +images/s +peak_rss_mb +seconds +budget +gain +backbone"),
                lines.get(1));
        assertTrue(lines.get(2).matches("simclr +0\\.\\d{4} +0\\.\\d{4} .* 2×16 +[+-]\\d+\\.\\d{2}  convnet-small"), lines.get(2));
        assertTrue(lines.get(3).matches("moby +0\\.\\d{4} +0\\.\\d{4} .* 2×16 +[+-]\\d+\\.\\d{2}  swin-micro"),
                "MoBY takes its own backbone: " + lines.get(3));
        assertTrue(lines.get(4).matches("methods_learning=[0-2]/2"), lines.get(4));
        assertTrue(lines.get(5).matches("methods_plus3=[0-2]/2"), lines.get(5));
        assertTrue(o.lastLine().matches("total_seconds=\\d+"), o.lastLine());
    }
}
