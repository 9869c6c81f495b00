package org.contrastlab.core.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.stream.IntStream;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.augment.Views;
import org.contrastlab.core.data.ImageStore;

/**
 * How well a ViT's attention finds the object, scored against the object masks of a dataset
 * (DINO, section 4.2.1 and table 7: the mask that keeps 60 % of the CLS attention's mass, its
 * Jaccard index against the ground truth). For every image: each head's mask and the mask of
 * the heads' mean, upsampled to the image; reported as the best head's mean Jaccard index over
 * the images and the mean map's.
 */
public final class AttentionScore {
    /** The scores: per head (mean over images), the best head, and the heads' mean map. */
    public record Result(double[] perHead, int bestHead, double meanMap, int images) {
        public double bestHeadJaccard() {
            return perHead[bestHead];
        }
    }

    private AttentionScore() {
    }

    /**
     * @param store images with object masks, read in batches of 64
     * @param imageSize the size the images are resized to (the mask is compared at the store's size)
     * @param limit at most this many images (the first ones)
     */
    public static Result evaluate(AttentionReader reader, Normalization normalization, ImageStore store, int imageSize,
                                  int layer, double mass, int limit, NDManager manager) {
        if (!store.hasMasks()) {
            throw new IllegalArgumentException("the dataset has no object masks to score attention against (sample:shapes has them)");
        }
        int n = Math.min(limit, store.size());
        int h = store.height();
        int w = store.width();
        double[] perHead = null;
        double meanMap = 0;
        for (int start = 0; start < n; start += 64) {
            int end = Math.min(n, start + 64);
            int[] idx = IntStream.range(start, end).toArray();
            AttentionMap[] maps;
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = normalization.apply(Views.resizeWhole(Views.toUnit(store.subset(idx).toNDArray(scope)), imageSize));
                maps = reader.read(images, layer);
            }
            for (int k = 0; k < maps.length; k++) {
                boolean[] truth = truth(store, idx[k]);
                AttentionMap map = maps[k];
                if (perHead == null) {
                    perHead = new double[map.headCount()];
                }
                for (int head = 0; head < map.headCount(); head++) {
                    perHead[head] += Jaccard.of(map.upsample(AttentionMap.massMask(map.map(head), mass), h, w), truth);
                }
                meanMap += Jaccard.of(map.upsample(AttentionMap.massMask(map.mean(), mass), h, w), truth);
            }
        }
        int best = 0;
        for (int head = 0; head < perHead.length; head++) {
            perHead[head] /= n;
            if (perHead[head] > perHead[best]) {
                best = head;
            }
        }
        return new Result(perHead, best, meanMap / n, n);
    }

    private static boolean[] truth(ImageStore store, int i) {
        boolean[] out = new boolean[store.height() * store.width()];
        for (int y = 0; y < store.height(); y++) {
            for (int x = 0; x < store.width(); x++) {
                out[y * store.width() + x] = store.mask(i, y, x) != 0;
            }
        }
        return out;
    }
}
