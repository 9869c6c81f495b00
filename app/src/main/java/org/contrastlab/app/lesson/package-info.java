/**
 * Lessons in the window: the lessons that ship and those a teacher writes ({@link
 * org.contrastlab.app.lesson.LessonLibrary}), the Lessons tab that lists and checks them, and the
 * panel that walks a class through one page by page.
 */
package org.contrastlab.app.lesson;
