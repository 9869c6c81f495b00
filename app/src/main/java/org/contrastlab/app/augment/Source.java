package org.contrastlab.app.augment;

import org.contrastlab.core.data.ImageStore;

/**
 * One image the studio cuts views from: a store of exactly one image, a caption, an id that
 * seeds its views (so removing another image does not change its draws), and its pixels as
 * ARGB, made once rather than at every render.
 */
public record Source(int id, String caption, ImageStore image, int[] argb) {
    public Source {
        if (image.size() != 1) {
            throw new IllegalArgumentException("a source is one image, got " + image.size());
        }
    }

    public Source(int id, String caption, ImageStore image) {
        this(id, caption, image, image.argb(0));
    }
}
