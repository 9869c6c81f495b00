package org.contrastlab.core.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A teacher's lesson file: what it makes when right, and every mistake named with its line when not. */
class LessonFileTest {
    private static final LessonTargets TARGETS = new LessonTargets(
            Map.of("train", List.of("loss-chart", "knn-chart", "curve-chart"), "embeddings", List.of("explorer-map")),
            Set.of("simclr-shapes"));

    @Test
    void readsPagesSettingsAndARunCheckedAsTrainChecksIt() {
        Lesson lesson = LessonFile.parse("lessons/no-negatives.lesson.md", """
                # No negatives
                stage: 3
                summary: BYOL holds without negatives; take its predictor away and it collapses.

                ## The predictor
                show: train
                point: curve-chart
                run: method=byol backbone=convnet-tiny steps=120 batch-size=32 predictor=0

                BYOL compares a prediction with a target.
                Without the predictor…


                …the spread falls.

                ## Trained
                point: explorer-map
                open: simclr-shapes
                """, TARGETS);
        assertEquals("no-negatives", lesson.id());
        assertEquals("No negatives", lesson.title());
        assertEquals(3, lesson.stage());
        assertEquals("sample:shapes", lesson.data());
        assertEquals(2, lesson.pages().size());
        Lesson.Page first = lesson.pages().get(0);
        assertEquals("BYOL compares a prediction with a target.\nWithout the predictor…\n\n…the spread falls.", first.text());
        assertEquals("byol", first.run().config().method());
        assertEquals("convnet-tiny", first.run().config().backbone());
        assertEquals(120, first.run().config().steps());
        assertEquals(32, first.run().config().batchSize());
        assertEquals(0.0, first.run().config().methodParams().get("predictor"));
        assertEquals(24, first.run().config().evalEvery(), "kNN five times in a run unless the page says");
        Lesson.Page second = lesson.pages().get(1);
        assertEquals("embeddings", second.show(), "the view follows from what the page points at");
        assertEquals("simclr-shapes", second.open());
        assertNull(second.run());
    }

    @Test
    void namesEveryMistakeWithItsLine() {
        LessonException e = assertThrows(LessonException.class, () -> LessonFile.parse("bad.lesson.md", """
                # Bad
                stage: two
                colour: red

                ## One
                show: projector
                run: method=byol steps=ten

                ## Two
                point: knn-chart
                open: dino-somewhere
                run: method=nosuch

                ## Three
                show: embeddings
                point: loss-chart
                run: method=simsiam predictr=0
                """, TARGETS));
        List<String> p = e.problems();
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:3: unknown setting \"colour\"")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("stage: a whole number")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:5: show: no view \"projector\"")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:5: run: steps must be a whole number")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:9: open: no example \"dino-somewhere\"")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:9: run:") && s.contains("nosuch")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:14: point: \"loss-chart\" is in the train view")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("bad.lesson.md:14: run:") && s.contains("predictr")), p::toString);
        assertEquals(8, p.size(), p::toString);
    }

    @Test
    void refusesAFileThatIsNotALesson() {
        assertThrows(LessonException.class, () -> LessonFile.parse("empty.lesson.md", "\n\n", TARGETS));
        LessonException noTitle = assertThrows(LessonException.class, () -> LessonFile.parse("x.lesson.md", "Some notes\n", TARGETS));
        assertTrue(noTitle.getMessage().startsWith("x.lesson.md:1: a lesson starts with its title"), noTitle.getMessage());
        LessonException noPages = assertThrows(LessonException.class,
                () -> LessonFile.parse("y.lesson.md", "# Title\n\nA text\n", TARGETS));
        assertTrue(noPages.getMessage().contains("text before the first page"), noPages.getMessage());
        assertTrue(noPages.getMessage().contains("no pages"), noPages.getMessage());
    }
}
