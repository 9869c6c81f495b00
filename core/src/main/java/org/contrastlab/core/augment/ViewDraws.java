package org.contrastlab.core.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The parameters drawn for a batch of views, one slot per view, held in primitive arrays: what
 * {@link ViewParams} is for one view, without an object per view. A training step draws its
 * views here ({@link ViewSampler#sample(Random, int, int, ViewGroup, ViewDraws, int)}) and plans
 * them from here ({@link AugmentPlan}), so its host half makes a few arrays per batch and none
 * per image; {@link #get(int)} gives one view's {@link ViewParams} where a preview shows them.
 */
public final class ViewDraws {
    private static final int STAGES = ViewParams.JITTER_STAGES;

    private final int size;
    private final int[] top;
    private final int[] left;
    private final int[] height;
    private final int[] width;
    private final boolean[] flip;
    /** The jitter ops in the order applied, four per view; the view's first is -1 when jitter did not fire. */
    private final int[] order;
    private final double[] brightness;
    private final double[] contrast;
    private final double[] saturation;
    private final double[] hue;
    private final boolean[] grayscale;
    private final double[] blurSigma;
    private final boolean[] solarize;
    private final RandAugmentDraws rand;
    /** Reseeded for each view by the sampler: two streams per view, no generator made per view. */
    final Random cropStream = new Random(0);
    final Random opStream = new Random(0);

    public ViewDraws(int size) {
        this.size = size;
        this.rand = new RandAugmentDraws(size);
        top = new int[size];
        left = new int[size];
        height = new int[size];
        width = new int[size];
        flip = new boolean[size];
        order = new int[size * STAGES];
        brightness = new double[size];
        contrast = new double[size];
        saturation = new double[size];
        hue = new double[size];
        grayscale = new boolean[size];
        blurSigma = new double[size];
        solarize = new boolean[size];
    }

    /** The given views' parameters, in their order. */
    public static ViewDraws of(List<ViewParams> params) {
        ViewDraws d = new ViewDraws(params.size());
        for (int i = 0; i < params.size(); i++) {
            ViewParams p = params.get(i);
            d.crop(i, p.cropTop(), p.cropLeft(), p.cropHeight(), p.cropWidth());
            d.flip[i] = p.flip();
            d.noJitter(i);
            if (p.jittered()) {
                for (int stage = 0; stage < STAGES; stage++) {
                    d.order[i * STAGES + stage] = p.jitterOp(stage);
                }
                d.jitterFactors(i, p.brightness(), p.contrast(), p.saturation(), p.hue());
            }
            d.grayscale[i] = p.grayscale();
            d.blurSigma[i] = p.blurSigma();
            d.solarize[i] = p.solarize();
            int[] ops = p.randAugmentOps();
            double[] args = p.randAugmentArgs();
            for (int k = 0; k < ops.length; k++) {
                d.rand.set(i, k, ops[k], args[k]);
            }
        }
        return d;
    }

    /** {@code count} views that leave the whole {@code height}×{@code width} image as it is. */
    public static ViewDraws identity(int count, int height, int width) {
        ViewDraws d = new ViewDraws(count);
        for (int i = 0; i < count; i++) {
            d.crop(i, 0, 0, height, width);
            d.noJitter(i);
        }
        return d;
    }

    public int size() {
        return size;
    }

    /** View {@code i}'s parameters as one object. */
    public ViewParams get(int i) {
        int[] ops = new int[jittered(i) ? STAGES : 0];
        for (int stage = 0; stage < ops.length; stage++) {
            ops[stage] = jitterOp(i, stage);
        }
        int[] rops = new int[rand.layers(i)];
        double[] rargs = new double[rops.length];
        for (int k = 0; k < rops.length; k++) {
            rops[k] = rand.op(i, k);
            rargs[k] = rand.arg(i, k);
        }
        return new ViewParams(top[i], left[i], height[i], width[i], flip[i], ops,
                brightness[i], contrast[i], saturation[i], hue[i], grayscale[i], blurSigma[i], solarize[i], rops, rargs);
    }

    /** Every view's parameters as objects (for previews and tests, not for a training step). */
    public List<ViewParams> toList() {
        List<ViewParams> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(get(i));
        }
        return out;
    }

    public int cropTop(int i) {
        return top[i];
    }

    public int cropLeft(int i) {
        return left[i];
    }

    public int cropHeight(int i) {
        return height[i];
    }

    public int cropWidth(int i) {
        return width[i];
    }

    public boolean flip(int i) {
        return flip[i];
    }

    public boolean jittered(int i) {
        return order[i * STAGES] >= 0;
    }

    /** The colour op view {@code i} applies at jitter stage {@code stage} (0..3); only when {@link #jittered(int)}. */
    public int jitterOp(int i, int stage) {
        return order[i * STAGES + stage];
    }

    public double brightness(int i) {
        return brightness[i];
    }

    public double contrast(int i) {
        return contrast[i];
    }

    public double saturation(int i) {
        return saturation[i];
    }

    public double hue(int i) {
        return hue[i];
    }

    public boolean grayscale(int i) {
        return grayscale[i];
    }

    public double blurSigma(int i) {
        return blurSigma[i];
    }

    public boolean blurred(int i) {
        return blurSigma[i] > 0;
    }

    public boolean solarize(int i) {
        return solarize[i];
    }

    /** The RandAugment ops the views drew. */
    RandAugmentDraws rand() {
        return rand;
    }

    public boolean anyJittered() {
        for (int i = 0; i < size; i++) {
            if (jittered(i)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyGrayscale() {
        return any(grayscale);
    }

    public boolean anyBlurred() {
        for (int i = 0; i < size; i++) {
            if (blurred(i)) {
                return true;
            }
        }
        return false;
    }

    public boolean anySolarized() {
        return any(solarize);
    }

    void crop(int i, int cropTop, int cropLeft, int cropHeight, int cropWidth) {
        top[i] = cropTop;
        left[i] = cropLeft;
        height[i] = cropHeight;
        width[i] = cropWidth;
    }

    void flip(int i, boolean on) {
        flip[i] = on;
    }

    void noJitter(int i) {
        order[i * STAGES] = -1;
        jitterFactors(i, 1, 1, 1, 0);
    }

    /** Fills view {@code i}'s four jitter stages with a random order of the ops. */
    void jitterOrder(int i, Random rng) {
        Seeds.permutation(order, i * STAGES, STAGES, rng);
    }

    void jitterFactors(int i, double b, double c, double s, double h) {
        brightness[i] = b;
        contrast[i] = c;
        saturation[i] = s;
        hue[i] = h;
    }

    void rest(int i, boolean gray, double sigma, boolean solar) {
        grayscale[i] = gray;
        blurSigma[i] = sigma;
        solarize[i] = solar;
    }

    private static boolean any(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }
}
