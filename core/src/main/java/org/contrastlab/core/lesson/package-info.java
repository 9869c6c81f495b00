/**
 * Lessons for the classroom: a lesson is a text file of pages, each page what to read, which
 * view to show, what to point at, and a short run to start or a shipped example to open. This
 * package reads and checks them; the window presents them.
 */
package org.contrastlab.core.lesson;
