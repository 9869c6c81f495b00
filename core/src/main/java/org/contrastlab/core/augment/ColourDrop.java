package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.contrastlab.core.env.Scalars;

/**
 * Colour dropping (Doersch et al. 2015, "color dropping"; the first part of CPC v2's
 * patch-based augmentation, Hénaff et al. 2020): each patch keeps one of its three colour
 * channels, drawn per patch, and the two others are replaced by Gaussian noise whose standard
 * deviation is 1/100 of the kept channel's. Patches cut from one image then no longer share
 * their colour, so a network cannot tell an image's patches from another's by colour alone.
 * Works on normalised patches (each channel centred on the data's mean, which is what a
 * dropped channel is filled around); every draw comes from the engine's generator.
 */
public final class ColourDrop {
    /** Doersch et al.: the dropped channels' noise is about 1/100 of the kept channel's spread. */
    static final double NOISE_SHARE = 0.01;

    private ColourDrop() {
    }

    /**
     * @param patches     (N, 3, p, p), normalised
     * @param probability the chance that a patch has its colours dropped (1: every patch)
     * @param scope       where the draws and intermediate arrays live
     * @return (N, 3, p, p): the patches, each dropped patch with one channel kept
     */
    public static NDArray apply(NDArray patches, double probability, NDManager scope) {
        long n = patches.getShape().get(0);
        DataType type = patches.getDataType();
        NDArray kept = scope.randomInteger(0, 3, new Shape(n, 1), DataType.INT64);
        NDArray oneHot = kept.eq(scope.arange(0, 3, 1, DataType.INT64).reshape(1, 3)).toType(type, false);
        NDArray fires = Scalars.lt(scope.randomUniform(0, 1, new Shape(n, 1)), probability).toType(type, false);
        // a patch that fires keeps its one drawn channel; one that does not keeps all three
        NDArray keep = oneHot.mul(fires).add(Scalars.add(fires.neg(), 1)).reshape(n, 3, 1, 1);
        NDArray dropped = Scalars.add(keep.neg(), 1);
        NDArray keptChannel = patches.mul(oneHot.reshape(n, 3, 1, 1)).sum(new int[] {1});
        NDArray centred = keptChannel.sub(keptChannel.mean(new int[] {2}, true).mean(new int[] {1}, true));
        NDArray spread = Scalars.pow(centred.square().mean(new int[] {2}).mean(new int[] {1}), 0.5).reshape(n, 1, 1, 1);
        NDArray noise = scope.randomNormal(0, 1, patches.getShape(), type).mul(Scalars.mul(spread, NOISE_SHARE));
        return patches.mul(keep).add(noise.mul(dropped));
    }

    /** The side of {@link #preview}'s picture for a view of {@code size} px cut into a {@code grid}: patches and gaps. */
    public static int previewSide(int size, int grid, int gap) {
        return grid * new PatchLayout(size, grid).patch() + (grid - 1) * gap;
    }

    /**
     * For display: a view's {@code grid × grid} overlapping patches, cut as CPC v2 cuts them
     * ({@link PatchLayout}), laid out apart with a {@code gap}
     * of white between them, each keeping the channel drawn for it from {@code seed}; its
     * dropped channels are shown at the view's mean of that channel, where training fills them
     * (normalised data is centred on its mean), without the faint noise.
     *
     * @param argb the view's packed pixels, {@code size × size}, row by row
     * @return {@link #previewSide}² packed pixels
     */
    public static int[] preview(int[] argb, int size, int grid, int gap, long seed) {
        PatchLayout layout = new PatchLayout(size, grid);
        int p = layout.patch();
        int side = previewSide(size, grid, gap);
        int[] means = channelMeans(argb);
        int meanColour = means[0] << 16 | means[1] << 8 | means[2];
        int[] out = new int[side * side];
        Arrays.fill(out, 0xFFFFFFFF);
        Random rng = new Random(seed);
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                int kept = rng.nextInt(3);
                int shift = 16 - 8 * kept; // red in bits 16–23, green 8–15, blue 0–7
                int others = meanColour & ~(0xFF << shift);
                for (int y = 0; y < p; y++) {
                    for (int x = 0; x < p; x++) {
                        int v = argb[(layout.start(r) + y) * size + layout.start(c) + x];
                        out[(r * (p + gap) + y) * side + c * (p + gap) + x] = 0xFF000000 | others | (v & 0xFF << shift);
                    }
                }
            }
        }
        return out;
    }

    private static int[] channelMeans(int[] argb) {
        long[] sums = new long[3];
        for (int v : argb) {
            sums[0] += v >> 16 & 0xFF;
            sums[1] += v >> 8 & 0xFF;
            sums[2] += v & 0xFF;
        }
        return new int[] {(int) (sums[0] / argb.length), (int) (sums[1] / argb.length), (int) (sums[2] / argb.length)};
    }
}
