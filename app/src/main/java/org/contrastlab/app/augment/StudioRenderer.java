package org.contrastlab.app.augment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.contrastlab.core.augment.BatchAugmenter;
import org.contrastlab.core.augment.LabColour;
import org.contrastlab.core.augment.ViewParams;
import org.contrastlab.core.augment.ViewPreview;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRole;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.visual.ImageTile;
import org.contrastlab.visual.TileBox;

/**
 * Turns a studio request into grid rows, off the FX thread: per image, the original with the
 * crop box of every view drawn on it (global and local in their own colours), then its views
 * framed in the same colours with what was drawn as a tooltip (with {@code lab}, each followed
 * by its L and ab channels; with CPC's patches, by its patches as CPC v2's encoder gets them); in
 * pipeline mode, the first
 * view of the selected group after each op in turn.
 */
final class StudioRenderer {
    private StudioRenderer() {
    }

    /**
     * @param lab     each view followed by its L and its ab channels, the two views CMC contrasts
     * @param patches each view with CPC v2's patch grid drawn on it: the context rows and the patches predicted below
     */
    record Request(ViewRecipe recipe, long seed, List<Source> sources, boolean pipeline, int group, boolean lab, boolean patches) {
    }

    record Result(List<List<ImageTile>> rows, double millis) {
    }

    /**
     * With a {@code helper} executor (may be null), the second half of the images is made there while this
     * thread makes the first: on two cores a render takes a little over half the time.
     */
    static List<List<ImageTile>> render(Request r, Executor helper) {
        List<List<ViewPreview.View>> views;
        int n = r.sources().size();
        if (helper != null && n >= 2 && !r.pipeline()) {
            Request front = new Request(r.recipe(), r.seed(), r.sources().subList(0, n / 2), false, r.group(), r.lab(), r.patches());
            Request back = new Request(r.recipe(), r.seed(), r.sources().subList(n / 2, n), false, r.group(), r.lab(), r.patches());
            CompletableFuture<List<List<ViewPreview.View>>> later =
                    CompletableFuture.supplyAsync(() -> views(back), helper);
            views = new ArrayList<>(views(front));
            views.addAll(later.join());
        } else {
            views = views(r);
        }
        List<List<ImageTile>> rows = new ArrayList<>();
        for (int i = 0; i < r.sources().size(); i++) {
            Source s = r.sources().get(i);
            rows.add(r.pipeline() ? pipelineRow(r, s, views.get(i)) : viewRow(s, views.get(i), r.lab(),
                    r.patches(), JigsawOverlay.feeds(r.recipe()), seedOf(r.seed(), s.id())));
        }
        return rows;
    }

    /** The views of every source, images of one size made in one batch (dropped files apart). */
    private static List<List<ViewPreview.View>> views(Request r) {
        List<Source> sources = r.sources();
        List<List<ViewPreview.View>> out = new ArrayList<>(Collections.nCopies(sources.size(), null));
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            ImageStore img = sources.get(i).image();
            bySize.computeIfAbsent(((long) img.height() << 32) | img.width(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> same : bySize.values()) {
            List<ImageStore> images = same.stream().map(i -> sources.get(i).image()).toList();
            ImageStore batch = images.size() == 1 ? images.get(0) : ImageStore.concat(images);
            long[] seeds = same.stream().mapToLong(i -> seedOf(r.seed(), sources.get(i).id())).toArray();
            List<List<ViewPreview.View>> made = ViewPreview.make(batch, r.recipe(), seeds);
            for (int k = 0; k < same.size(); k++) {
                out.set(same.get(k), made.get(k));
            }
        }
        return out;
    }

    /** Each source image draws from its own seed, so that adding or removing another keeps its views. */
    static long seedOf(long seed, int sourceId) {
        return seed * 7919 + sourceId;
    }

    private static List<ImageTile> viewRow(Source s, List<ViewPreview.View> views, boolean lab, boolean patches, boolean jigsaw,
                                           long seed) {
        List<ImageTile> row = new ArrayList<>();
        List<TileBox> boxes = new ArrayList<>();
        for (ViewPreview.View v : views) {
            boxes.add(box(v.params(), v.role()));
        }
        row.add(original(s, boxes));
        for (int i = 0; i < views.size(); i++) {
            ViewPreview.View v = views.get(i);
            String tip = ViewDescriptions.tooltip(v.params(), v.group(), v.role(), i);
            List<TileBox> drawn = List.of();
            String tileTip = tip;
            if (patches && (!jigsaw || JigsawOverlay.cuts(v.role()))) {
                drawn = jigsaw ? JigsawOverlay.boxes(v.size()) : CpcOverlay.boxes(v.size());
                tileTip = tip + "\n" + (jigsaw ? JigsawOverlay.TOOLTIP : CpcOverlay.TOOLTIP);
            }
            row.add(new ImageTile(v.argb(), v.size(), v.size(), ViewDescriptions.caption(v.params()), tileTip, colour(v.role()), drawn));
            if (patches && !jigsaw) {
                row.add(CpcOverlay.patchesTile(v.argb(), v.size(), seed * 31 + i, colour(v.role())));
            }
            if (lab) {
                row.add(new ImageTile(LabColour.channelsOf(v.argb(), false), v.size(), v.size(), "L",
                        "view " + (i + 1) + "'s L channel (lightness): what CMC's first encoder sees", colour(v.role()), List.of()));
                row.add(new ImageTile(LabColour.channelsOf(v.argb(), true), v.size(), v.size(), "ab",
                        "view " + (i + 1) + "'s a and b channels (colour), shown at lightness 70: what CMC's second encoder sees",
                        colour(v.role()), List.of()));
            }
        }
        return row;
    }

    private static List<ImageTile> pipelineRow(Request r, Source s, List<ViewPreview.View> views) {
        int first = 0;
        for (int g = 0; g < r.group(); g++) {
            first += r.recipe().groups().get(g).count();
        }
        ViewPreview.View v = views.get(first);
        List<ImageTile> row = new ArrayList<>();
        row.add(original(s, List.of(box(v.params(), v.role()))));
        List<int[]> steps = ViewPreview.pipeline(s.image(), r.recipe().groups().get(r.group()), v.params());
        BatchAugmenter.Stage[] stages = BatchAugmenter.Stage.values();
        String tip = ViewDescriptions.tooltip(v.params(), v.group(), v.role(), first);
        for (int k = 0; k < steps.size(); k++) {
            row.add(new ImageTile(steps.get(k), v.size(), v.size(), (k + 1) + ". " + stages[k].name().toLowerCase(),
                    tip, colour(v.role()), List.of()));
        }
        return row;
    }

    private static ImageTile original(Source s, List<TileBox> boxes) {
        ImageStore img = s.image();
        return new ImageTile(s.argb(), img.width(), img.height(), s.caption(),
                s.caption() + " — " + img.width() + "×" + img.height() + " px", 0, boxes);
    }

    private static TileBox box(ViewParams p, ViewRole role) {
        return new TileBox(p.cropLeft(), p.cropTop(), p.cropWidth(), p.cropHeight(), colour(role));
    }

    private static int colour(ViewRole role) {
        return role == ViewRole.GLOBAL ? StudioViewModel.GLOBAL_ARGB : StudioViewModel.LOCAL_ARGB;
    }
}
