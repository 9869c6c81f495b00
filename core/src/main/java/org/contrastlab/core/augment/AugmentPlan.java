package org.contrastlab.core.augment;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.contrastlab.core.augment.BatchAugmenter.Stage;
import org.contrastlab.core.env.HostPack;

/**
 * The host half of {@link BatchAugmenter}: every number its ops need for one batch of views,
 * worked out from the drawn parameters and added to a {@link HostPack}, so that a whole step's
 * views reach the device in one copy. What is kept here is the handles of those parts and the
 * structure the ops follow (which ops fire at all, which block of the batch turns its hue at
 * which jitter stage).
 */
public final class AugmentPlan {
    static final int NONE = -1;
    private static final int STAGES = ViewParams.JITTER_STAGES;
    private static final float[] SECTOR_OFFSETS = {5f, 3f, 1f};

    final ViewGroup group;
    final int count;
    final int height;
    final int width;
    /** Whether the crop matrices are built on the device from boxes (else sent whole). */
    final boolean matricesOnDevice;
    int boxes = NONE;
    int rows = NONE;
    int cols = NONE;
    boolean jitter;
    int order = NONE;
    int back = NONE;
    int grey = NONE;
    int sectors = NONE;
    final int[] matrices = filled(NONE);
    final int[] pulls = filled(NONE);
    final int[] hueShifts = filled(NONE);
    final int[] hueFrom = filled(NONE);
    final int[] hueTo = filled(NONE);
    int grayscale = NONE;
    int taps = NONE;
    RandAugmentPlan randAugment;
    int solarize = NONE;

    private AugmentPlan(ViewGroup group, int count, int height, int width, boolean matricesOnDevice) {
        this.group = group;
        this.count = count;
        this.height = height;
        this.width = width;
        this.matricesOnDevice = matricesOnDevice;
    }

    /**
     * @param params the batch's views' drawn parameters
     * @param height the source images' height in pixels
     * @param width their width
     * @param matricesOnDevice true to send the crop boxes and build the matrices on the device
     *     (a GPU), false to build them here and send them (the CPU, where that is faster)
     */
    public static AugmentPlan of(ViewDraws params, ViewGroup group, Stage last, int height, int width,
                                 boolean matricesOnDevice, HostPack pack) {
        AugmentPlan plan = new AugmentPlan(group, params.size(), height, width, matricesOnDevice);
        plan.crop(params, last != Stage.CROP, pack);
        if (last.compareTo(Stage.JITTER) >= 0) {
            plan.jitter(params, pack);
        }
        if (last.compareTo(Stage.BLUR) >= 0 && params.anyBlurred()) {
            plan.taps = pack.add(taps(params, group.blurKernelSize()), new Shape(params.size() * 3L, 1, group.blurKernelSize(), 1));
        }
        if (last.compareTo(Stage.RANDAUGMENT) >= 0 && params.rand().maxLayers() > 0) {
            plan.randAugment = RandAugmentPlan.of(params, group.size(), pack);
        }
        if (last.compareTo(Stage.GRAYSCALE) >= 0 && params.anyGrayscale()) {
            float[] g = new float[params.size() * 9];
            for (int i = 0; i < params.size(); i++) {
                if (params.grayscale(i)) {
                    ColorMatrices.grayscale(g, i * 9);
                } else {
                    ColorMatrices.identity(g, i * 9);
                }
            }
            plan.grayscale = pack.add(g, new Shape(params.size(), 3, 3));
        }
        if (last.compareTo(Stage.SOLARIZE) >= 0 && params.anySolarized()) {
            float[] on = new float[params.size()];
            for (int i = 0; i < on.length; i++) {
                on[i] = params.solarize(i) ? 1f : 0f;
            }
            plan.solarize = pack.add(on, new Shape(on.length, 1, 1, 1));
        }
        return plan;
    }

    private void crop(ViewDraws p, boolean flips, HostPack pack) {
        int b = p.size();
        int s = group.size();
        if (matricesOnDevice) {
            float[] box = new float[6 * b];
            for (int i = 0; i < b; i++) {
                box[3 * i] = p.cropTop(i);
                box[3 * i + 1] = p.cropHeight(i);
                box[3 * (b + i)] = p.cropLeft(i);
                box[3 * (b + i) + 1] = p.cropWidth(i);
                box[3 * (b + i) + 2] = flips && p.flip(i) ? 1 : 0;
            }
            boxes = pack.add(box, new Shape(2L * b, 3));
        } else {
            float[] ly = new float[b * s * height];
            float[] lx = new float[b * s * width];
            for (int i = 0; i < b; i++) {
                ResampleMatrices.crop(ly, i * s * height, s, height, p.cropTop(i), p.cropHeight(i), false, group.interpolation());
                ResampleMatrices.crop(lx, i * s * width, s, width, p.cropLeft(i), p.cropWidth(i), flips && p.flip(i),
                        group.interpolation());
            }
            rows = pack.add(ly, new Shape(b, s, height));
            cols = pack.add(lx, new Shape(b, s, width));
        }
    }

    /**
     * Each sample turns its hue at one of the four stages. Ordering the batch by that stage makes
     * each stage's hue samples one contiguous block, turned in place; the linear ops of a stage
     * are one 3×3 matrix per sample (identity where the op is another), and contrast adds a pull
     * towards the image's mean grey.
     */
    private void jitter(ViewDraws p, HostPack pack) {
        int b = p.size();
        if (!p.anyJittered()) {
            return;
        }
        jitter = true;
        int[] hueStage = new int[b];
        for (int i = 0; i < b; i++) {
            hueStage[i] = p.jittered(i) && p.hue(i) != 0 ? hueStageOf(p, i) : STAGES;
        }
        int[] sorted = byStage(hueStage);
        if (!ascending(sorted)) {
            int[] inverse = new int[b];
            for (int j = 0; j < b; j++) {
                inverse[sorted[j]] = j;
            }
            order = pack.addIndices(sorted);
            back = pack.addIndices(inverse);
        }
        for (int stage = 0; stage < STAGES; stage++) {
            float[] a = new float[b * 9];
            float[] pull = new float[b];
            boolean anyLinear = false;
            boolean anyContrast = false;
            for (int j = 0; j < b; j++) {
                int i = sorted[j];
                ColorMatrices.identity(a, j * 9);
                if (p.jittered(i)) {
                    int op = p.jitterOp(i, stage);
                    if (op == ViewParams.HUE) {
                        if (hueStage[i] == stage) {
                            hueFrom[stage] = hueFrom[stage] < 0 ? j : hueFrom[stage];
                            hueTo[stage] = j + 1;
                        }
                    } else {
                        switch (op) {
                            case ViewParams.BRIGHTNESS -> ColorMatrices.scale(a, j * 9, p.brightness(i));
                            case ViewParams.CONTRAST -> ColorMatrices.scale(a, j * 9, p.contrast(i));
                            default -> ColorMatrices.saturation(a, j * 9, p.saturation(i));
                        }
                        if (op == ViewParams.CONTRAST) {
                            pull[j] = (float) (1 - p.contrast(i));
                            anyContrast = true;
                        }
                        anyLinear = true;
                    }
                }
            }
            if (anyLinear) {
                matrices[stage] = pack.add(a, new Shape(b, 3, 3));
            }
            if (anyContrast) {
                pulls[stage] = pack.add(pull, new Shape(b, 1, 1));
                grey = grey == NONE ? pack.add(ColorMatrices.GREY.clone(), new Shape(1, 1, 3)) : grey;
            }
            if (hueFrom[stage] >= 0) {
                float[] shifts = new float[hueTo[stage] - hueFrom[stage]];
                for (int j = hueFrom[stage]; j < hueTo[stage]; j++) {
                    shifts[j - hueFrom[stage]] = (float) p.hue(sorted[j]);
                }
                hueShifts[stage] = pack.add(shifts, new Shape(shifts.length, 1));
                sectors = sectors == NONE ? pack.add(SECTOR_OFFSETS.clone(), new Shape(1, 3, 1)) : sectors;
            }
        }
    }

    /** One Gaussian kernel per sample and channel (a unit impulse for the views blur did not fire on). */
    private static float[] taps(ViewDraws params, int kernel) {
        float[] taps = new float[params.size() * 3 * kernel];
        for (int i = 0; i < params.size(); i++) {
            int at = i * 3 * kernel;
            if (params.blurred(i)) {
                ResampleMatrices.gaussian(taps, at, kernel, params.blurSigma(i));
            } else {
                taps[at + kernel / 2] = 1f;
            }
            System.arraycopy(taps, at, taps, at + kernel, kernel);
            System.arraycopy(taps, at, taps, at + 2 * kernel, kernel);
        }
        return taps;
    }

    private static int hueStageOf(ViewDraws p, int i) {
        for (int stage = 0; stage < STAGES; stage++) {
            if (p.jitterOp(i, stage) == ViewParams.HUE) {
                return stage;
            }
        }
        return -1;
    }

    /** The samples ordered by their stage (0..STAGES), keeping the batch's order within a stage: a counting sort. */
    private static int[] byStage(int[] stage) {
        int[] start = new int[STAGES + 2];
        for (int s : stage) {
            start[s + 1]++;
        }
        for (int s = 0; s <= STAGES; s++) {
            start[s + 1] += start[s];
        }
        int[] sorted = new int[stage.length];
        for (int i = 0; i < stage.length; i++) {
            sorted[start[stage[i]]++] = i;
        }
        return sorted;
    }

    private static boolean ascending(int[] order) {
        for (int j = 0; j < order.length; j++) {
            if (order[j] != j) {
                return false;
            }
        }
        return true;
    }

    private static int[] filled(int value) {
        int[] a = new int[STAGES];
        Arrays.fill(a, value);
        return a;
    }
}
