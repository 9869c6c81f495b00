package org.contrastlab.app.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contrastlab.core.lesson.Lesson;
import org.contrastlab.core.lesson.LessonFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lessons that ship tell the survey's story in its four stages and read without a problem;
 * a teacher's folder is listed beside them, a broken file with its problems; and the example
 * lesson in README.md, from which a teacher writes one, is itself a lesson that reads.
 */
class LessonLibraryTest {
    @Test
    void theBuiltInLessonsCoverTheFourStagesAndRead() {
        List<LessonLibrary.Entry> builtIn = LessonLibrary.builtIn();
        builtIn.forEach(e -> assertTrue(e.ok(), e.source() + ": " + e.problems()));
        assertEquals(List.of(1, 2, 3, 4), builtIn.stream().map(e -> e.lesson().stage()).toList());
        for (LessonLibrary.Entry e : builtIn) {
            Lesson l = e.lesson();
            assertEquals("sample:shapes", l.data(), l.id());
            assertFalse(l.summary().isBlank(), l.id());
            // something to see on the built-in data: a run, or a trained example
            assertTrue(l.pages().stream().anyMatch(p -> p.run() != null || p.open() != null), l.id());
            for (Lesson.Page p : l.pages()) {
                assertFalse(p.text().isBlank(), l.id() + " / " + p.title());
                if (p.run() != null) {
                    // a run of a minute or less on two cores (measured: `contrastlab lessons --time`, docs/benchmarks.md)
                    assertTrue(p.run().images() <= 16_000, l.id() + " / " + p.title() + ": " + p.run().images() + " images");
                }
            }
        }
        assertTrue(builtIn.get(2).lesson().pages().stream().anyMatch(p -> p.run() != null
                && p.run().config().methodParams().getOrDefault("predictor", 1.0) == 0),
                "the no-negatives lesson removes BYOL's predictor");
    }

    @Test
    void aTeachersFolderIsListedAndABrokenFileSaysWhy(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("mine.lesson.md"), "# Mine\nstage: 5\n\n## Only page\nshow: train\n\nText.\n");
        Files.writeString(folder.resolve("broken.lesson.md"), "# Broken\n\n## Page\nshow: nowhere\n\nText.\n");
        Files.writeString(folder.resolve("notes.txt"), "not a lesson");
        List<LessonLibrary.Entry> all = LessonLibrary.all(folder);
        assertEquals(6, all.size(), "four built in, two of the folder's; other files are not lessons");
        LessonLibrary.Entry mine = all.stream().filter(e -> e.ok() && e.lesson().id().equals("mine")).findFirst().orElseThrow();
        assertEquals(5, mine.lesson().stage());
        assertEquals(mine, all.get(4), "by stage, after the built-in ones");
        LessonLibrary.Entry broken = all.get(5);
        assertFalse(broken.ok());
        assertTrue(broken.problems().get(0).contains("broken.lesson.md:3: show: no view \"nowhere\""), broken.problems().toString());
    }

    @Test
    void theReadmesExampleIsALessonAndItsTableNamesEverySetting() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int marker = readme.indexOf("<!-- lesson example");
        assertTrue(marker > 0, "README.md has the example lesson");
        int start = readme.indexOf("```markdown\n", marker) + "```markdown\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        Lesson lesson = LessonFile.parse("README.md", example, LessonLibrary.targets());
        assertEquals(3, lesson.pages().size());
        assertEquals("simclr", lesson.pages().get(1).run().config().method());
        String section = readme.substring(readme.indexOf("## Lessons"), readme.indexOf("## The command line"));
        for (String setting : List.of("stage", "summary", "data", "show", "point", "run", "curve", "open", "compare")) {
            assertTrue(section.contains("`" + setting + "`"), "README names the setting " + setting);
        }
        LessonLibrary.targets().points().values().forEach(targets -> targets.forEach(
                t -> assertTrue(section.contains("`" + t + "`"), "README names the target " + t)));
        LessonLibrary.targets().examples().forEach(x -> assertTrue(section.contains("`" + x + "`"), "README names the example " + x));
    }
}
