package org.contrastlab.core.lesson;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a lesson may name: the views a page can show, what each lets a page point at, and the
 * shipped examples a page can open. The window declares them; the parser checks against them.
 *
 * @param points   view → the targets in it
 * @param examples ids of the examples that ship with the app
 */
public record LessonTargets(Map<String, List<String>> points, Set<String> examples) {
    public LessonTargets {
        points = Map.copyOf(points);
        examples = Set.copyOf(examples);
    }

    /** True when {@code view} is a view a page can show. */
    public boolean hasView(String view) {
        return points.containsKey(view);
    }

    /** The view that holds {@code target}, or null. */
    public String viewOf(String target) {
        return points.entrySet().stream().filter(e -> e.getValue().contains(target)).map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
