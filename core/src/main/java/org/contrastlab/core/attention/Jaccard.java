package org.contrastlab.core.attention;

/** The Jaccard index (intersection over union) of two pixel masks; 1 when both are empty. */
public final class Jaccard {
    private Jaccard() {
    }

    public static double of(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks of " + a.length + " and " + b.length + " pixels");
        }
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) {
                inter++;
            }
            if (a[i] || b[i]) {
                union++;
            }
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
