package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.sweep.SweepCsv;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contrastlab sweep} as a script uses it: a line and a run per value, the CSV, and bad values refused before any run. */
class SweepCliTest {
    @TempDir
    Path tmp;

    @Test
    void aSweepTrainsARunPerValueAndWritesTheTable() throws Exception {
        Path out = tmp.resolve("sweep");
        CliTest.Outcome o = CliTest.run("sweep", "--data", "sample:shapes", "--param", "scaleMin", "--values", "0.3,0.9",
                "--steps", "3", "--batch-size", "16", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.get(0).contains("scaleMin over [0.3, 0.9]") && lines.get(0).contains("simclr-shapes has scaleMin=0.5"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("scaleMin=0.3 knn_top1=0.") && lines.get(1).contains(" info_nce="), lines.get(1));
        assertTrue(lines.get(2).startsWith("scaleMin=0.9 knn_top1=0."), lines.get(2));
        assertTrue(lines.get(3).matches("sweep_best=scaleMin=0\\.[39]"), lines.get(3));
        assertEquals("csv=" + out.resolve("sweep.csv"), o.lastLine());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(SweepCsv.HEADER, csv.get(0));
        assertEquals(3, csv.size());
        String[] first = csv.get(1).split(",");
        assertEquals("scaleMin", first[0]);
        assertEquals("0.3", first[1]);
        assertEquals(first[3], csv.get(2).split(",")[3], "both runs start from the same random backbone");
        // SimCLR's own loss gives InfoMin's estimate: log K − L with K = 2·16 − 1 candidates a row
        assertEquals("training", first[10]);
        assertEquals(Math.log(31), Double.parseDouble(first[5]), 2e-4, "the bound's ceiling");
        assertEquals(Double.parseDouble(first[5]) - Double.parseDouble(first[6]), Double.parseDouble(first[4]), 2e-4);
        // each run is a run like any other: its folder holds the recipe it trained on, and a checkpoint
        RunDirectory run = RunDirectory.open(out.resolve("scaleMin=0.3"));
        assertEquals(0.3, run.config().viewRecipe().groups().get(0).scaleMin(), 1e-12);
        assertTrue(Files.isDirectory(out.resolve("scaleMin=0.9").resolve("checkpoints")));
        // and the Runs tab lists them with the runs of the folder above
        assertEquals(List.of("scaleMin=0.3", "scaleMin=0.9"), RunSummary.list(tmp).stream().map(r -> r.root().getFileName().toString())
                .sorted().toList());
    }

    @Test
    void aMethodWithoutInfoNceIsMeasuredOnHeldOutViews() throws Exception {
        Path out = tmp.resolve("byol");
        CliTest.Outcome o = CliTest.run("sweep", "--data", "sample:shapes", "--method", "byol", "--param", "colorStrength", "--values", "1",
                "--steps", "2", "--batch-size", "16", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String[] row = Files.readAllLines(out.resolve("sweep.csv")).get(1).split(",");
        assertEquals("held-out", row[10]);
        assertEquals(Math.log(1023), Double.parseDouble(row[5]), 1e-4, "two views of 512 held-out images");
        assertTrue(Double.parseDouble(row[4]) >= 0, row[4]);

        // MoCo's InfoNCE: the key and the queue's 4,096 negatives a row
        Path moco = tmp.resolve("moco");
        CliTest.Outcome m = CliTest.run("sweep", "--data", "sample:shapes", "--method", "moco-v2", "--param", "scaleMin", "--values",
                "0.3", "--steps", "2", "--batch-size", "16", "--out", moco.toString());
        assertEquals(0, m.code(), m.err());
        String[] mocoRow = Files.readAllLines(moco.resolve("sweep.csv")).get(1).split(",");
        assertEquals("training", mocoRow[10]);
        assertEquals(Math.log(4097), Double.parseDouble(mocoRow[5]), 1e-4);
    }

    @Test
    void aValueTheRecipeCannotTakeIsRefusedBeforeAnyRun() throws Exception {
        Path out = tmp.resolve("bad");
        CliTest.Outcome o = CliTest.run("sweep", "--data", "sample:shapes", "--param", "scaleMin", "--values", "0.2,1.5",
                "--steps", "2", "--out", out.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, o.code());
        assertTrue(o.err().contains("error: scaleMin=1.5: groups[0].scaleMin..scaleMax is an empty range (1.5 > 1.0)"), o.err());
        assertFalse(Files.exists(out.resolve("scaleMin=0.2")), "nothing trained before the refusal");

        CliTest.Outcome unknown = CliTest.run("sweep", "--data", "sample:shapes", "--param", "cropDistance", "--values", "1",
                "--out", out.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, unknown.code());
        assertTrue(unknown.err().contains("'cropDistance' is not a view setting to sweep; choose one of [colorStrength, "
                + "randAugmentMagnitude, scaleMin"),
                unknown.err());
    }
}
