package org.contrastlab.core.viewer;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.attention.FullAttention;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.model.vit.VisionTransformer;
import org.contrastlab.core.train.StepObserver;

/**
 * Follows a few fixed probe images while a ViT trains: every {@code every} steps (asked anew
 * each time, 0 pauses it) it reads the last block's whole attention of every probe on the
 * training thread, in one batch, and hands it over as plain arrays, so a class can watch the
 * segmentation appear. Does nothing for a backbone that is not a ViT.
 */
public final class AttentionProbe implements StepObserver {
    /** The probes' attention after {@code step} steps, in the probes' order. */
    public record Probed(int step, List<FullAttention> maps) {
    }

    private final ImageStore probes;
    private final IntSupplier every;
    private final Consumer<Probed> sink;

    /** @param sink receives each reading on the training thread: hand it on, do not work there */
    public AttentionProbe(ImageStore probes, IntSupplier every, Consumer<Probed> sink) {
        if (probes.size() == 0) {
            throw new IllegalArgumentException("no probe images");
        }
        this.probes = probes;
        this.every = every;
        this.sink = sink;
    }

    @Override
    public void look(int step, LiveModel model) {
        int n = every.getAsInt();
        if (n <= 0 || step % n != 0 || !(model.backbone() instanceof VisionTransformer vit)) {
            return;
        }
        PatchedPicture cut = PatchedPicture.of(probes, vit.size().patch(), "the probe images", "");
        try (NDManager scope = model.manager().newSubManager()) {
            FullAttention[] maps = new AttentionReader(vit, model.parameters()).readFull(cut.inputs(model.normalization(), scope), -1);
            sink.accept(new Probed(step, List.of(maps)));
        }
    }

    /**
     * Up to {@code count} probe images of {@code store}: the first image of each class, in the
     * order the classes first appear (so the probes show different things), then the first
     * images for what is left.
     */
    public static int[] choose(ImageStore store, int count) {
        List<Integer> chosen = new ArrayList<>();
        if (store.isLabelled()) {
            int classes = Math.max(store.classNames().size(), 1 + Arrays.stream(store.labels()).max().orElse(0));
            boolean[] seen = new boolean[classes];
            for (int i = 0; i < store.size() && chosen.size() < count; i++) {
                int c = store.label(i);
                if (c >= 0 && !seen[c]) {
                    seen[c] = true;
                    chosen.add(i);
                }
            }
        }
        for (int i = 0; i < store.size() && chosen.size() < count; i++) {
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
