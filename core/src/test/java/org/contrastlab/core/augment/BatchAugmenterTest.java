package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each batched op against its per-pixel reference ({@link ReferenceOps}) on real CIFAR-10
 * photos, each image of the batch with its own parameters. Tolerances in [0, 1] units: 2e-4
 * for crops, grey, blur and solarize (float32 matrix products); 1e-3, a quarter of a grey
 * level, for chains of jitter ops (float32 image means, clamping between ops); 2e-3 for
 * chains with hue (float32 HSV round trip) and against java.awt's HSB conversion (which
 * rounds to 8 bits).
 */
class BatchAugmenterTest {
    private static final int N = 6;
    private static NDManager manager;
    private static ImageStore images;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        images = TestData.cifarTestImages(N);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void cropMatricesBuiltOnTheDeviceAreTheHostOnes() {
        Random rng = new Random(11);
        for (Interpolation interpolation : Interpolation.values()) {
            for (int[] sizes : new int[][] {{32, 32}, {32, 64}, {96, 224}, {24, 17}}) {
                int out = sizes[0];
                int in = sizes[1];
                int b = 40;
                double[] boxes = new double[3 * b];
                float[] host = new float[b * out * in];
                for (int i = 0; i < b; i++) {
                    int length = 1 + rng.nextInt(in);
                    int start = rng.nextInt(in - length + 1);
                    boolean flip = rng.nextBoolean();
                    boxes[3 * i] = start;
                    boxes[3 * i + 1] = length;
                    boxes[3 * i + 2] = flip ? 1 : 0;
                    ResampleMatrices.crop(host, i * out * in, out, in, start, length, flip, interpolation);
                }
                try (NDManager scope = manager.newSubManager()) {
                    float[] device = ResampleMatrices.cropOnDevice(scope.create(boxes, new Shape(b, 3)), out, in, interpolation)
                            .toFloatArray();
                    float worst = 0;
                    for (int t = 0; t < host.length; t++) {
                        worst = Math.max(worst, Math.abs(host[t] - device[t]));
                    }
                    assertTrue(worst < 1e-6, interpolation + " " + out + "x" + in + ": off by " + worst);
                }
            }
        }
    }

    @Test
    void viewsCutWithMatricesBuiltOnTheDeviceAreTheSame() {
        // CIFAR photos at 32 px, and non-square noise at 90×120 for views that shrink (as 224/96 px
        // crops of larger photos do), with flips, both filters, and all views from one image
        try (NDManager scope = manager.newSubManager()) {
            NDArray cifar = Views.toUnit(images.toNDArray(scope));
            NDArray noise = scope.randomUniform(0, 1, new Shape(N, 3, 90, 120));
            for (Interpolation filter : Interpolation.values()) {
                for (NDArray unit : new NDArray[] {cifar, noise, noise.get("0:1")}) {
                    for (int size : new int[] {18, 32, 64}) {
                        ViewGroup g = ViewGroup.builder().size(size).scale(0.05, 1).flipProbability(0.5).interpolation(filter).build();
                        ViewDraws params = Views.draw(new Random(size), N, (int) unit.getShape().get(2), (int) unit.getShape().get(3), g);
                        float[] host = cut(false, unit, params, g);
                        float[] device = cut(true, unit, params, g);
                        float worst = 0;
                        for (int t = 0; t < host.length; t++) {
                            worst = Math.max(worst, Math.abs(host[t] - device[t]));
                        }
                        assertTrue(worst < 1e-5, filter + " " + unit.getShape() + "→" + size + ": off by " + worst);
                    }
                }
            }
        }
    }

    private static float[] cut(boolean onDevice, NDArray unit, ViewDraws params, ViewGroup g) {
        return BatchAugmenter.apply(unit, params, g, BatchAugmenter.Stage.FLIP, onDevice).toFloatArray();
    }

    @Test
    void upsamplingCropsMatchImgLib2BilinearInterpolation() {
        List<ViewParams> params = new ArrayList<>();
        Random rng = new Random(3);
        for (int i = 0; i < N; i++) {
            int h = 8 + rng.nextInt(16);
            int w = 8 + rng.nextInt(16);
            params.add(crop(rng.nextInt(32 - h + 1), rng.nextInt(32 - w + 1), h, w, i % 2 == 0));
        }
        float[] got = apply(params, 32);
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            float[][][] want = ReferenceOps.cropUpsample(image(i), p.cropTop(), p.cropLeft(), p.cropHeight(), p.cropWidth(), 32, p.flip());
            assertClose(want, got, i, 32, 2e-4, "crop " + i);
        }
    }

    @Test
    void downsamplingCropsAverageOverTheirFootprint() {
        List<ViewParams> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            params.add(crop(i, 2 * i, 32 - 2 * i, 30 - 2 * i, false));
        }
        float[] got = apply(params, 12);
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            float[][][] want = ReferenceOps.cropDownsample(image(i), p.cropTop(), p.cropLeft(), p.cropHeight(), p.cropWidth(), 12);
            assertClose(want, got, i, 12, 2e-4, "downsample " + i);
        }
    }

    @Test
    void colourJitterFollowsEachSamplesOwnOrder() {
        Random rng = new Random(11);
        ViewGroup recipe = ViewGroup.builder().size(32).scale(1, 1).ratio(1, 1).flipProbability(0)
                .jitter(1, 0.8, 0.8, 0.8, 0.2).build();
        List<ViewParams> params = Views.draw(rng, N, 32, 32, recipe).toList();
        float[] got = apply(params, 32);
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            assertTrue(p.jittered());
            float[][][] want = ReferenceOps.jitter(image(i), p.jitterOrder(), p.brightness(), p.contrast(), p.saturation(), p.hue());
            assertClose(want, got, i, 32, 2e-3, "jitter " + i + " order " + Arrays.toString(p.jitterOrder()));
        }
    }

    @Test
    void brightnessContrastAndSaturationAloneMatchTightly() {
        List<ViewParams> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int[] order = i % 2 == 0 ? new int[] {1, 2, 0, 3} : new int[] {0, 2, 1, 3};
            params.add(new ViewParams(0, 0, 32, 32, false, order, 0.6 + 0.15 * i, 1.4 - 0.1 * i, 0.3 + 0.2 * i, 0, false, 0, false));
        }
        float[] got = apply(params, 32);
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            float[][][] want = ReferenceOps.jitter(image(i), p.jitterOrder(), p.brightness(), p.contrast(), p.saturation(), 0);
            assertClose(want, got, i, 32, 1e-3, "linear jitter " + i);
        }
    }

    @Test
    void grayscaleAndBlurMatchTheirDefinitions() {
        List<ViewParams> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            params.add(new ViewParams(0, 0, 32, 32, false, new int[0], 1, 1, 1, 0, i % 2 == 0, i < 3 ? 0.3 + 0.5 * i : 0, false));
        }
        float[] got = apply(params, 32);
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            float[][][] want = image(i);
            if (p.grayscale()) {
                want = ReferenceOps.grayscale(want);
            }
            if (p.blurred()) {
                want = ReferenceOps.blur(want, 3, p.blurSigma());
            }
            assertClose(want, got, i, 32, 2e-4, "grey/blur " + i);
        }
    }

    @Test
    void sameSeedGivesTheSameViewsAndAnotherSeedDiffers() {
        ViewGroup recipe = ViewGroup.simclr(24, 1.0, true);
        float[] a = apply(Views.draw(new Random(5), N, 32, 32, recipe), recipe);
        float[] b = apply(Views.draw(new Random(5), N, 32, 32, recipe), recipe);
        float[] c = apply(Views.draw(new Random(6), N, 32, 32, recipe), recipe);
        assertArrayEquals(a, b);
        assertTrue(meanAbsDiff(a, c) > 0.01, "different seeds should give different views");
    }

    @Test
    void outputStaysInTheUnitRange() {
        ViewGroup recipe = ViewGroup.simclr(32, 1.0, true);
        float[] v = apply(Views.draw(new Random(9), N, 32, 32, recipe), recipe);
        for (float x : v) {
            assertTrue(x >= -1e-5 && x <= 1 + 1e-5, "value out of [0, 1]: " + x);
        }
    }

    @Test
    void hueMatchesJavaAwtHsbOnWholePixels() {
        List<ViewParams> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            params.add(new ViewParams(0, 0, 32, 32, false, new int[] {3, 0, 1, 2}, 1, 1, 1, -0.5 + 0.19 * i, false, 0, false));
        }
        float[] got = apply(params, 32);
        for (int i = 0; i < N; i++) {
            float[][][] want = new float[3][32][32];
            float[] hsb = new float[3];
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    Color.RGBtoHSB(images.value(i, 0, y, x), images.value(i, 1, y, x), images.value(i, 2, y, x), hsb);
                    float turned = (float) (((hsb[0] + params.get(i).hue()) % 1 + 1) % 1);
                    int rgb = Color.HSBtoRGB(turned, hsb[1], hsb[2]);
                    want[0][y][x] = ((rgb >> 16) & 0xFF) / 255f;
                    want[1][y][x] = ((rgb >> 8) & 0xFF) / 255f;
                    want[2][y][x] = (rgb & 0xFF) / 255f;
                }
            }
            assertClose(want, got, i, 32, 2.5e-3, "hue " + params.get(i).hue());
        }
    }

    @Test
    void bicubicUpsamplingMatchesTheDirectTwoDimensionalFilter() {
        List<ViewParams> params = new ArrayList<>();
        Random rng = new Random(8);
        for (int i = 0; i < N; i++) {
            int h = 6 + rng.nextInt(20);
            int w = 6 + rng.nextInt(20);
            params.add(crop(rng.nextInt(32 - h + 1), rng.nextInt(32 - w + 1), h, w, false));
        }
        float[] got;
        try (NDManager scope = manager.newSubManager()) {
            ViewGroup bicubic = ViewGroup.builder().size(40).interpolation(Interpolation.BICUBIC).build();
            got = BatchAugmenter.apply(Views.toUnit(images.toNDArray(scope)), params, bicubic).toFloatArray();
        }
        for (int i = 0; i < N; i++) {
            ViewParams p = params.get(i);
            float[][][] want = ReferenceOps.cropBicubicUpsample(image(i), p.cropTop(), p.cropLeft(), p.cropHeight(), p.cropWidth(), 40);
            assertClose(want, got, i, 40, 2e-4, "bicubic " + i);
        }
    }

    @Test
    void solarizeInvertsOnlyTheBrightPixelsOfTheViewsItFiredOn() {
        List<ViewParams> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            params.add(new ViewParams(0, 0, 32, 32, false, new int[0], 1, 1, 1, 0, false, 0, i % 2 == 1));
        }
        float[] got;
        try (NDManager scope = manager.newSubManager()) {
            ViewGroup g = ViewGroup.builder().size(32).solarize(0.5, 0.3).build();
            got = BatchAugmenter.apply(Views.toUnit(images.toNDArray(scope)), params, g).toFloatArray();
        }
        for (int i = 0; i < N; i++) {
            float[][][] want = params.get(i).solarize() ? ReferenceOps.solarize(image(i), 0.3) : image(i);
            assertClose(want, got, i, 32, 2e-4, "solarize " + i);
        }
    }

    @Test
    void thePipelineStopsAfterEachOpAndItsLastStepIsTheView() {
        ViewGroup g = ViewGroup.builder().size(24).jitter(1, 0.4, 0.4, 0.4, 0.1).grayscaleProbability(0.5)
                .blur(1, 0.5, 1.5).solarize(1, 0.5).flipProbability(1).build();
        ViewDraws params = Views.draw(new Random(12), N, 32, 32, g);
        try (NDManager scope = manager.newSubManager()) {
            NDArray unit = Views.toUnit(images.toNDArray(scope));
            float[] full = BatchAugmenter.apply(unit, params, g).toFloatArray();
            assertArrayEquals(full, BatchAugmenter.apply(unit, params, g, BatchAugmenter.Stage.SOLARIZE).toFloatArray());
            float[] cropped = BatchAugmenter.apply(unit, params, g, BatchAugmenter.Stage.CROP).toFloatArray();
            float[] flipped = BatchAugmenter.apply(unit, params, g, BatchAugmenter.Stage.FLIP).toFloatArray();
            // flip p = 1: the flip stage mirrors every crop
            for (int i = 0; i < N; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 24; y++) {
                        for (int x = 0; x < 24; x++) {
                            int base = ((i * 3 + c) * 24 + y) * 24;
                            assertEquals(cropped[base + x], flipped[base + 23 - x], 1e-5);
                        }
                    }
                }
            }
        }
    }

    @Test
    void viewsCutFromOneImageEqualTheSameViewsInABatch() {
        ViewGroup g = ViewGroup.simclr(20, 1.0, true).toBuilder().solarize(0.5, 0.5).build();
        ViewDraws params = Views.draw(new Random(13), N, 32, 32, g);
        try (NDManager scope = manager.newSubManager()) {
            NDArray one = Views.toUnit(images.head(1).toNDArray(scope));
            float[] broadcast = BatchAugmenter.apply(one, params, g).toFloatArray();
            NDArray repeated = one.repeat(0, N);
            float[] batched = BatchAugmenter.apply(repeated, params, g).toFloatArray();
            assertEquals(batched.length, broadcast.length);
            for (int k = 0; k < batched.length; k++) {
                assertEquals(batched[k], broadcast[k], 1e-5);
            }
        }
    }

    private static ViewParams crop(int top, int left, int h, int w, boolean flip) {
        return new ViewParams(top, left, h, w, flip, new int[0], 1, 1, 1, 0, false, 0, false);
    }

    private static float[] apply(List<ViewParams> params, int size) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray unit = Views.toUnit(images.toNDArray(scope));
            return BatchAugmenter.apply(unit, params, ViewGroup.builder().size(size).build()).toFloatArray();
        }
    }

    private static float[] apply(ViewDraws params, ViewGroup recipe) {
        try (NDManager scope = manager.newSubManager()) {
            return Views.make(Views.toUnit(images.toNDArray(scope)), params, recipe).toFloatArray();
        }
    }

    private static float[][][] image(int i) {
        float[][][] x = new float[3][32][32];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int q = 0; q < 32; q++) {
                    x[c][y][q] = images.value(i, c, y, q) / 255f;
                }
            }
        }
        return x;
    }

    private static void assertClose(float[][][] want, float[] batch, int i, int s, double tol, String what) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    worst = Math.max(worst, Math.abs(want[c][y][x] - batch[((i * 3 + c) * s + y) * s + x]));
                }
            }
        }
        assertTrue(worst <= tol, what + ": largest difference " + worst + " > " + tol);
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
