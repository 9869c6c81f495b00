package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.fewlabels.ClassifierFile;
import org.contrastlab.core.fewlabels.FewLabelResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimCLR v2's fine-tuning from the first layer of its three-layer projection head: a
 * {@code simclr-v2} run is fine-tuned with that layer on its encoder unless told otherwise, the
 * kept network says so and distillation rebuilds it, and asking for more hidden layers than the
 * head has is refused before anything trains.
 */
class HeadLayersCliTest {
    @TempDir
    Path tmp;

    @Test
    void aSimClrV2RunFineTunesFromTheFirstLayerOfItsProjectionHead() throws Exception {
        Path run = tmp.resolve("v2");
        CliTest.Outcome trained = CliTest.run("train", "--data", "sample:shapes", "--method", "simclr-v2", "--steps", "20",
                "--batch-size", "64", "--out", run.toString());
        assertEquals(0, trained.code(), trained.err());

        CliTest.Outcome tuned = CliTest.run("eval", "finetune", "--run", run.toString(), "--data", "sample:shapes", "--labels",
                "20/class", "--epochs", "2");
        assertEquals(0, tuned.code(), tuned.err());
        assertTrue(tuned.err().contains("backbone + 1 head layer"), tuned.err());
        assertTrue(tuned.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("finetune_top1="), tuned.out());
        assertEquals("trained+head1", FewLabelResults.read(run).get(0).init());
        ClassifierFile.Meta meta = ClassifierFile.open(ClassifierFile.of(run, "20/class", 42)).meta();
        assertEquals(1, meta.headLayers());

        CliTest.Outcome distilled = CliTest.run("distill", "--teacher", run.toString(), "--data", "sample:shapes", "--student",
                "convnet-tiny", "--epochs", "1");
        assertEquals(0, distilled.code(), distilled.err());
        List<String> out = distilled.out().strip().lines().toList();
        assertEquals(meta.top1(), Double.parseDouble(out.get(0).substring("teacher_top1=".length())), 1e-4,
                "the teacher rebuilt with its head layer scores what it scored when kept");

        CliTest.Outcome tooMany = CliTest.run("eval", "finetune", "--run", run.toString(), "--data", "sample:shapes", "--labels",
                "20/class", "--head-layers", "3");
        assertNotEquals(0, tooMany.code());
        assertTrue(tooMany.err().contains("has 2 hidden layers of Linear → BatchNorm → ReLU in its projection head, not 3"),
                tooMany.err());
        assertTrue(tooMany.err().lines().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                "no stack trace: " + tooMany.err());
    }
}
