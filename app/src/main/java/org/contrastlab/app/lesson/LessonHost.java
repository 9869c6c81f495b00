package org.contrastlab.app.lesson;

import org.contrastlab.core.lesson.Lesson;

/** What a lesson asks of the window; every call on the FX thread. */
public interface LessonHost {
    /** Brings the view forward ("train", "embeddings" …: {@link LessonLibrary#TABS}). */
    void show(String view);

    /** Marks the node with this id (null: marks nothing). */
    void point(String target);

    /** Opens a shipped example in the view. */
    void open(String view, String example);

    /** Draws the {@code latest} newest runs together in the runs view. */
    void compare(int latest);

    /** Starts the page's run on the dashboard; returns null, or why it cannot start. */
    String run(Lesson lesson, Lesson.Page page);

    /** Pauses a running run or resumes a paused one (the space bar). */
    void pauseOrResume();
}
