package org.contrastlab.core.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a method needs to know about its views, as data: a list of {@link ViewGroup}s
 * (each with a count, an output size, a crop scale range and its own op settings) and the
 * normalisation applied after them. Symmetric (SimCLR: one group of 2), asymmetric (BYOL:
 * two groups of 1 with different blur and solarize) and multi-crop (2 global + N local)
 * recipes are all the same thing.
 *
 * <p>{@code normalization} is {@code dataset} (the mean and standard deviation of the training
 * images), {@code imagenet}, {@code cifar10} or {@code none}.
 */
public record ViewRecipe(String name, String description, String normalization, List<ViewGroup> groups) {

    public ViewRecipe {
        name = name == null || name.isBlank() ? "custom" : name;
        description = description == null ? "" : description;
        normalization = normalization == null ? "dataset" : normalization.toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        if (!Normalization.NAMES.contains(normalization)) {
            problems.add("normalization must be one of " + Normalization.NAMES + ", got '" + normalization + "'");
        }
        if (groups == null || groups.isEmpty()) {
            problems.add("groups must list at least one view group");
            groups = List.of();
        } else if (groups.stream().anyMatch(g -> g == null)) {
            problems.add("groups must not contain empty entries");
        } else {
            groups = List.copyOf(groups);
            int globalSize = groups.stream().filter(g -> g.role() == ViewRole.GLOBAL).mapToInt(ViewGroup::size).max().orElse(0);
            if (globalSize == 0) {
                problems.add("groups must hold at least one GLOBAL group");
            }
            for (int i = 0; i < groups.size(); i++) {
                ViewGroup g = groups.get(i);
                if (g.role() == ViewRole.LOCAL && globalSize > 0 && g.size() > globalSize) {
                    problems.add(String.format(Locale.ROOT,
                            "groups[%d].size: a local crop of %d px is larger than the global views (%d px)", i, g.size(), globalSize));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
    }

    /** A recipe of one group. */
    public static ViewRecipe of(String name, String description, ViewGroup... groups) {
        return new ViewRecipe(name, description, "dataset", List.of(groups));
    }

    /** How many views of each image a step makes. */
    public int viewCount() {
        return groups.stream().mapToInt(ViewGroup::count).sum();
    }

    /** How many of them are global views (they come first within their groups' order). */
    public int globalViewCount() {
        return groups.stream().filter(g -> g.role() == ViewRole.GLOBAL).mapToInt(ViewGroup::count).sum();
    }

    /** The largest global view size: the size the encoder is built for and evaluated at. */
    public int globalSize() {
        return groups.stream().filter(g -> g.role() == ViewRole.GLOBAL).mapToInt(ViewGroup::size).max().orElseThrow();
    }

    /** The group of every view, in view order: group 0's views, then group 1's, and so on. */
    public List<ViewGroup> perView() {
        List<ViewGroup> out = new ArrayList<>();
        for (ViewGroup g : groups) {
            for (int c = 0; c < g.count(); c++) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The same recipe with its global views at {@code size} px and the local views scaled in
     * proportion (e.g. a 224/96 preset for 32 px images: 32/14); everything else kept.
     */
    public ViewRecipe resized(int size) {
        int from = globalSize();
        List<ViewGroup> copy = new ArrayList<>();
        for (ViewGroup g : groups) {
            int s = g.role() == ViewRole.GLOBAL ? size : Math.max(4, (int) Math.round(g.size() * (double) size / from));
            copy.add(g.toBuilder().size(s).build());
        }
        return new ViewRecipe(name, description, normalization, copy);
    }

    /** The same recipe with group {@code i} replaced. */
    public ViewRecipe withGroup(int i, ViewGroup group) {
        List<ViewGroup> copy = new ArrayList<>(groups);
        copy.set(i, group);
        return new ViewRecipe(name, description, normalization, copy);
    }

    /**
     * Refuses a recipe whose local crops would be larger than the images they are cut from
     * (up-sampling a small crop of a 32 px image to 96 px makes a blur, not a local view).
     */
    public void checkAgainst(int height, int width, String dataName) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            ViewGroup g = groups.get(i);
            if (g.role() == ViewRole.LOCAL && g.size() > Math.min(height, width)) {
                problems.add(String.format(Locale.ROOT,
                        "groups[%d].size: local crops of %d px are larger than the %d×%d images of %s (choose a recipe made for this size, "
                                + "e.g. a -cifar preset)",
                        i, g.size(), width, height, dataName));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
    }
}
