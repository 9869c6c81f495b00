package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.DatasetSplits;
import org.contrastlab.core.data.Datasets;
import org.contrastlab.core.data.LoadOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash at any point of a checkpoint write (played by a hook that throws an {@link Error}
 * there, so that no clean-up runs, as after {@code kill -9}) leaves a run that resumes: the
 * reader finds a complete checkpoint, the writer's recovery tidies the folder, and the resumed
 * run takes exactly the steps of a run that never crashed.
 */
class CheckpointCrashTest {
    private static DatasetSplits cifar;
    private static List<Double> straight;
    @TempDir
    Path tmp;

    /** What the hook throws: not an exception, so the write's clean-up does not see it. */
    static final class Crash extends Error {
        Crash(CheckpointStore.WritePoint point, int step) {
            super("crash at " + point + " of step " + step);
        }
    }

    @BeforeAll
    static void load(@TempDir Path dir) {
        DatasetSplits full = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        cifar = new DatasetSplits("cifar10-subset", full.train().head(96), full.test().head(32));
        straight = losses(RunDirectory.create(dir.resolve("straight"), config(), false), null, 6);
    }

    private static TrainConfig config() {
        return MethodPresets.small("simclr", "cifar10-subset").toBuilder().backbone("convnet-tiny").batchSize(32).steps(6)
                .headHidden(32).projectionDim(16).warmupSteps(2).checkpointEvery(2).evalEvery(0).build();
    }

    @ParameterizedTest
    @EnumSource(value = CheckpointStore.WritePoint.class, mode = EnumSource.Mode.EXCLUDE, names = "OLD_MOVED_ASIDE") // a rewrite: below
    void aCrashAtAnyPointOfAWriteLeavesARunThatResumesExactly(CheckpointStore.WritePoint point) throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), config(), false).onCheckpointWrite((p, step) -> {
            if (p == point && step == 4) {
                throw new Crash(p, step);
            }
        });
        assertThrows(Crash.class, () -> losses(run, null, 6));

        int expected = point.compareTo(CheckpointStore.WritePoint.RENAMED) >= 0 ? 4 : 2;
        RunDirectory reader = RunDirectory.open(run.root());
        assertEquals("step-000000" + expected, reader.latestCheckpoint().orElseThrow().getFileName().toString(),
                "what a reader (eval) opens after the crash at " + point);

        RunDirectory writer = RunDirectory.open(run.root());
        writer.recover();
        assertEquals(List.of(), leftovers(run.root()), "nothing half-done after recovery");
        assertEquals("step-000000" + expected, Files.readString(run.root().resolve("checkpoints/latest")).strip());
        Path from = writer.latestCheckpoint().orElseThrow();
        List<Double> rest = losses(writer, from, 6);
        assertSameSteps(straight.subList(expected, 6), rest);
        assertEquals("step-0000006", RunDirectory.open(run.root()).latestCheckpoint().orElseThrow().getFileName().toString());
        assertEquals(List.of(), leftovers(run.root()));
    }

    @Test
    void aDamagedNewestCheckpointIsPassedOverAndARewriteOfItSurvivesACrash() throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), config(), false);
        losses(run, null, 4);
        Path four = run.root().resolve("checkpoints/step-0000004");
        Path params = four.resolve("backbone.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2)); // truncated, as by a full disk or a copy

        RunDirectory reader = RunDirectory.open(run.root());
        assertEquals("step-0000002", reader.latestCheckpoint().orElseThrow().getFileName().toString());
        List<String> notices = reader.notices();
        assertTrue(notices.stream().anyMatch(n -> n.contains(params.toString()) && n.contains("truncated")), notices.toString());

        // resuming from step 2 writes step 4 again: the damaged copy is moved aside, and a crash there is survived
        RunDirectory crashing = RunDirectory.open(run.root()).onCheckpointWrite((p, step) -> {
            if (p == CheckpointStore.WritePoint.OLD_MOVED_ASIDE) {
                throw new Crash(p, step);
            }
        });
        Path two = crashing.latestCheckpoint().orElseThrow();
        assertThrows(Crash.class, () -> losses(crashing, two, 6));
        RunDirectory writer = RunDirectory.open(run.root());
        writer.recover();
        List<Double> rest = losses(writer, writer.latestCheckpoint().orElseThrow(), 6);
        assertSameSteps(straight.subList(2, 6), rest);
        assertNull(CheckpointStore.problem(four), "step 4 written again, complete");
        assertEquals(List.of(), leftovers(run.root()));
    }

    @Test
    void aWriteThatFailsLeavesNothingBehindAndNamesTheCheckpoint() throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), config(), false);
        losses(run, null, 2);
        Block full = new AbstractBlock() { // a disk that fills up while the network is written
            @Override
            public void saveParameters(DataOutputStream os) throws IOException {
                os.write(new byte[100]);
                throw new IOException("No space left on device");
            }

            @Override
            protected NDList forwardInternal(ParameterStore ps, NDList in,
                    boolean training, PairList<String, Object> params) {
                return in;
            }

            @Override
            public Shape[] getOutputShapes(Shape[] inputShapes) {
                return inputShapes;
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> run.writeCheckpoint(4, Map.of("backbone", full), Map.of()));
        assertTrue(e.getMessage().contains(run.root().resolve("checkpoints/step-0000004") + ": cannot write the checkpoint (No space left"),
                e.getMessage());
        assertEquals(List.of(), leftovers(run.root()), "no temporary folder left");
        assertEquals("step-0000002", RunDirectory.open(run.root()).latestCheckpoint().orElseThrow().getFileName().toString());
    }

    @Test
    void latestNamingAFolderOutsideTheRunIsIgnoredWithANote() throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"), config(), false);
        losses(run, null, 2);
        Files.writeString(run.root().resolve("checkpoints/latest"), "../../other/checkpoints/step-0000009\n");
        RunDirectory reader = RunDirectory.open(run.root());
        assertEquals("step-0000002", reader.latestCheckpoint().orElseThrow().getFileName().toString());
        assertTrue(reader.notices().stream().anyMatch(n -> n.contains("not a checkpoint of this run")));
    }

    @Test
    void overwritingARunLeavesNothingOfTheOldOne() throws IOException {
        RunDirectory old = RunDirectory.create(tmp.resolve("run"), config(), false);
        losses(old, null, 2);
        Files.createDirectories(old.root().resolve("embeddings"));
        Files.writeString(old.root().resolve("embeddings/cached-step2.npy"), "x");
        RunDirectory fresh = RunDirectory.create(old.root(), config(), true);
        assertTrue(fresh.latestCheckpoint().isEmpty(), "the old run's checkpoints would pass for the new one's");
        assertTrue(Files.notExists(old.root().resolve("embeddings")));
        assertTrue(Files.notExists(old.root().resolve(RunDirectory.METRICS)));
    }

    private static void assertSameSteps(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "steps after resuming");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-5 * Math.max(1, Math.abs(expected.get(i))), "step " + i + " after resuming");
        }
    }

    /** Temporary, set-aside and to-be-deleted folders and files under checkpoints/. */
    private static List<String> leftovers(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    private static List<Double> losses(RunDirectory run, Path resume, int until) {
        return RunLosses.of(config(), cifar, run, resume, until);
    }
}
