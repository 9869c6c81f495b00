package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.contrastlab.sample.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fewlabels --grid}: the cells of the label-efficiency grid run as their own commands and
 * land in the run's results, a second run of the grid keeps what is recorded, and a grid that
 * cannot run whole is refused before any cell trains.
 */
class FewLabelsGridCliTest {
    @TempDir
    Path tmp;

    @Test
    void theGridRunsEachCellOnceAndPrintsTheTable() throws Exception {
        Path run = Examples.unpack(Examples.byId("simclr-shapes").orElseThrow(), tmp);
        Path csv = tmp.resolve("grid.csv");
        CliTest.Outcome grid = CliTest.run("fewlabels", "--run", run.toString(), "--data", "sample:shapes", "--grid", "10/class,5%",
                "--paths", "linear", "--csv", csv.toString());
        assertEquals(0, grid.code(), grid.err());
        assertTrue(grid.err().contains("grid 1/2: contrastlab eval linear --run " + run + " --data sample:shapes --labels 10/class"),
                grid.err());
        assertFalse(grid.out().contains("linear_top1="), "the cells' own lines go to the error stream: " + grid.out());
        List<FewLabelResults.Entry> recorded = FewLabelResults.read(run);
        assertEquals(List.of("10/class", "5%"), recorded.stream().map(FewLabelResults.Entry::labels).toList());
        assertEquals(List.of(100, 250), recorded.stream().map(FewLabelResults.Entry::labelled).toList());
        assertTrue(recorded.get(1).top1() > 0.3, "a probe on the shapes run's features, 25 labels a class: " + recorded.get(1).top1());
        assertEquals(3, Files.readAllLines(csv).size(), "header and two rows");

        CliTest.Outcome again = CliTest.run("fewlabels", "--run", run.toString(), "--data", "sample:shapes", "--grid", "10/class",
                "--paths", "linear");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("grid: linear on 10/class already recorded"), again.err());
        assertEquals(2, FewLabelResults.read(run).size(), "nothing ran twice");

        CliTest.Outcome empty = CliTest.run("fewlabels", "--run", run.toString(), "--data", "sample:shapes", "--grid", "10%,0.01%",
                "--paths", "linear");
        assertNotEquals(0, empty.code());
        assertTrue(empty.err().contains("--labels 0.01%"), empty.err());
        assertFalse(empty.err().contains("grid 1/"), "refused before any cell ran: " + empty.err());

        CliTest.Outcome alone = CliTest.run("fewlabels", "--run", run.toString(), "--data", "sample:shapes", "--grid", "10%", "--paths",
                "distill");
        assertNotEquals(0, alone.code());
        assertTrue(alone.err().contains("distill needs the fine-tuned network of its share; add finetune"), alone.err());
        CliTest.Outcome unknown = CliTest.run("fewlabels", "--run", run.toString(), "--data", "sample:shapes", "--grid", "10%",
                "--paths", "knn");
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("unknown path 'knn'; the paths are supervised, linear, finetune, distill, mean-teacher"),
                unknown.err());
    }
}
