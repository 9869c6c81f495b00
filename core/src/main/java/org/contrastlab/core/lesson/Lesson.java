package org.contrastlab.core.lesson;

import java.util.List;

/**
 * One lesson, as its file says it.
 *
 * @param id      the file's name without {@code .lesson.md}
 * @param title   the file's first heading
 * @param stage   where it sits in the story (the survey's four stages: 1 instance discrimination,
 *                2 MoCo and SimCLR, 3 no negatives, 4 transformers); lessons are listed by it
 * @param summary one line for the list of lessons
 * @param data    the data its runs train on ({@code sample:shapes} unless the file says)
 * @param pages   at least one
 * @param source  where it was read from (a file, or "built-in"), for messages
 */
public record Lesson(String id, String title, int stage, String summary, String data, List<Page> pages, String source) {
    public Lesson {
        pages = List.copyOf(pages);
    }

    /** The seconds a lesson's pages may train in all: a visible result within a minute on a laptop CPU. */
    public static final int RUN_SECONDS = 60;

    /**
     * One page.
     *
     * @param title  its heading
     * @param text   its paragraphs, blank-line separated
     * @param show   the view to bring forward ("train", "embeddings", …; null: leave as it is)
     * @param point  what in that view to mark (a target the view declares; null: nothing)
     * @param curve  the method's curve the dashboard shows during the run ("collapse", "queue_fill" …; null: its own choice)
     * @param run    the short run this page starts (null: none)
     * @param open   the shipped example this page opens in its view (null: none)
     * @param compare how many of the latest runs the runs view selects and draws together (0: none)
     */
    public record Page(String title, String text, String show, String point, String curve, LessonRun run, String open,
                       int compare) {
    }

    @Override
    public String toString() {
        return title;
    }
}
