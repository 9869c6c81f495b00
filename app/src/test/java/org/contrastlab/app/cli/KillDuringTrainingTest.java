package org.contrastlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.contrastlab.app.Main;
import org.contrastlab.core.io.Json;
import org.contrastlab.core.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL (no shutdown hook, no finally) while it writes a
 * checkpoint every step leaves a run that resumes: the newest complete checkpoint is found,
 * half-written ones are set aside, and the resumed run ends with every step in its metrics
 * exactly once. The crash points are simulated one by one in core's CheckpointCrashTest; here a
 * real process dies wherever the kill finds it.
 */
class KillDuringTrainingTest {
    private static final int STEPS = 24;

    @TempDir
    Path tmp;

    @Test
    void aRunKilledMidCheckpointResumesToTheEnd() throws Exception {
        Path run = tmp.resolve("run");
        String cifar = Path.of(System.getProperty("contrastlab.shared.data"), "cifar10").toString();
        Random random = new Random(7);
        Process first = start(tmp.resolve("first.log"), "train", "--data", cifar, "--backbone", "convnet-tiny", "--batch-size", "32",
                "--steps", String.valueOf(STEPS), "--checkpoint-every", "1", "--eval-every", "0", "--out", run.toString());
        killAfterCheckpoints(first, run, 4, random, true);
        // killed twice more while resuming, each time after a few more checkpoints: once at a random
        // moment, once in the middle of writing a checkpoint
        for (int kill = 0; kill < 2; kill++) {
            int before = checkpointSteps(run).stream().mapToInt(Integer::intValue).max().orElse(0);
            Process again = start(tmp.resolve("resume-" + kill + ".log"), "train", "--resume", run.toString());
            killAfterCheckpoints(again, run, before + 3, random, kill == 1);
        }
        Process last = start(tmp.resolve("resume-last.log"), "train", "--resume", run.toString());
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the last resume ends");
        assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("resume-last.log")));

        for (String log : List.of("resume-0.log", "resume-1.log", "resume-last.log")) {
            Files.readAllLines(tmp.resolve(log)).stream().filter(l -> l.startsWith("repaired") || l.startsWith("note:"))
                    .forEach(l -> System.out.println("kill test, " + log + ": " + l)); // where the kills landed, for the log
        }
        RunDirectory done = RunDirectory.open(run);
        Path latest = done.requireCheckpoint("at the end");
        assertEquals("step-" + String.format("%07d", STEPS), latest.getFileName().toString(), "the run reached its last step");
        List<Integer> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            JsonNode record = Json.mapper().readTree(line);
            if (record.has("loss")) {
                steps.add(record.get("step").asInt());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int s = 1; s <= STEPS; s++) {
            expected.add(s);
        }
        assertEquals(expected, steps, "every step's metrics exactly once, in order");
    }

    /**
     * Waits until a checkpoint of step ≥ {@code step} is there, then kills the process: a few
     * milliseconds later, or ({@code midWrite}) as soon as the next checkpoint's temporary folder
     * appears, while its files are being written.
     */
    private static void killAfterCheckpoints(Process p, Path run, int step, Random random, boolean midWrite) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (checkpointSteps(run).stream().noneMatch(s -> s >= step)) {
            assertTrue(p.isAlive(), "the run ended before step " + step + " (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
            assertTrue(System.nanoTime() < deadline, "no checkpoint of step " + step + " within 3 minutes");
            Thread.sleep(5);
        }
        if (midWrite) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!writing(run) && p.isAlive() && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
        } else {
            Thread.sleep(random.nextInt(40)); // somewhere in the next step or its checkpoint
        }
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    /** Whether a checkpoint is being written now (its temporary folder is there). */
    private static boolean writing(Path run) {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".step-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The steps of the checkpoint folders there now, complete or not. */
    private static List<Integer> checkpointSteps(Path run) throws IOException {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(5))).toList();
        }
    }

    /** The command line in a JVM of its own, on this test's class path, its output to {@code log}. */
    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true"));
        String cache = System.getProperty("contrastlab.cache");
        if (cache != null) {
            command.add("-Dcontrastlab.cache=" + cache);
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
