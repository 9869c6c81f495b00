package org.contrastlab.core.augment;

import java.util.List;

/** A view recipe that cannot be used; every problem names the field it is about. */
public final class InvalidRecipeException extends IllegalArgumentException {
    private final transient List<String> problems;

    public InvalidRecipeException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The same problems with every field prefixed, e.g. {@code groups[1].}. */
    public InvalidRecipeException prefixed(String prefix) {
        return new InvalidRecipeException(problems.stream().map(p -> prefix + p).toList());
    }
}
