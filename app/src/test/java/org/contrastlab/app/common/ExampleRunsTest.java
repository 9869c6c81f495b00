package org.contrastlab.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An example is unpacked on the worker and handed over only through the FX executor (no window needed). */
class ExampleRunsTest {
    @Test
    void unpacksOnTheWorkerAndHandsTheRunOverOnTheFxExecutor() {
        List<Runnable> fx = new ArrayList<>();
        List<Path> opened = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ExampleRuns examples = new ExampleRuns(Runnable::run, fx::add, problems::add);
        examples.open(ExampleRuns.forViewAndData("attention", "sample:shapes").orElseThrow(), opened::add);
        assertTrue(opened.isEmpty(), "nothing reaches the view off the FX thread");
        assertEquals(1, fx.size());
        fx.forEach(Runnable::run);
        assertEquals(1, opened.size());
        assertTrue(Files.isRegularFile(opened.get(0).resolve("config.json")), opened.get(0) + " is a run folder");
        assertFalse(ExampleRuns.forView("attention").isEmpty());
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
