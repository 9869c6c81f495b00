package org.contrastlab.core.lesson;

import java.util.List;

/** A lesson file that cannot be used; every problem names the file and, where it has one, the line. */
public final class LessonException extends IllegalArgumentException {
    private final List<String> problems;

    public LessonException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
