package org.contrastlab.core.augment;

import net.imglib2.RealRandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.interpolation.randomaccess.NLinearInterpolatorFactory;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Independent per-pixel implementations of the view ops, written from their definitions
 * (no matrices): the yardstick for the batched ops. Images are float[channel][y][x] in [0, 1].
 */
final class ReferenceOps {
    private ReferenceOps() {
    }

    /** Bilinear up-sampling of a crop with ImgLib2's n-linear interpolator, border extended. */
    static float[][][] cropUpsample(float[][][] img, int top, int left, int h, int w, int size, boolean flip) {
        int height = img[0].length;
        int width = img[0][0].length;
        float[][][] out = new float[3][size][size];
        for (int c = 0; c < 3; c++) {
            float[] flat = new float[height * width];
            for (int y = 0; y < height; y++) {
                System.arraycopy(img[c][y], 0, flat, y * width, width);
            }
            ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(flat, width, height);
            // the crop is an image of its own: outside it, its border pixels repeat
            RealRandomAccess<FloatType> ra = Views.interpolate(
                    Views.extendBorder(Views.zeroMin(Views.interval(image, new long[] {left, top},
                            new long[] {left + w - 1, top + h - 1}))), new NLinearInterpolatorFactory<>()).realRandomAccess();
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    double sx = Math.max(0, (ox + 0.5) * w / size - 0.5);
                    double sy = Math.max(0, (oy + 0.5) * h / size - 0.5);
                    ra.setPosition(new double[] {Math.min(sx, w - 1), Math.min(sy, h - 1)});
                    out[c][oy][flip ? size - 1 - ox : ox] = ra.get().get();
                }
            }
        }
        return out;
    }

    /** Antialiased down-sampling: every output pixel is a triangle-weighted mean over its footprint, in 2-D. */
    static float[][][] cropDownsample(float[][][] img, int top, int left, int h, int w, int size) {
        float[][][] out = new float[3][size][size];
        double sy = (double) h / size;
        double sx = (double) w / size;
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    double cy = (oy + 0.5) * sy;
                    double cx = (ox + 0.5) * sx;
                    double sum = 0;
                    double weight = 0;
                    for (int y = 0; y < h; y++) {
                        double wy = Math.max(0, 1 - Math.abs(y + 0.5 - cy) / Math.max(sy, 1));
                        for (int x = 0; x < w; x++) {
                            double wx = Math.max(0, 1 - Math.abs(x + 0.5 - cx) / Math.max(sx, 1));
                            sum += wy * wx * img[c][top + y][left + x];
                            weight += wy * wx;
                        }
                    }
                    out[c][oy][ox] = (float) (sum / weight);
                }
            }
        }
        return out;
    }

    static float grey(float r, float g, float b) {
        return 0.2989f * r + 0.587f * g + 0.114f * b;
    }

    /** torchvision's adjust_brightness / contrast / saturation / hue, in the given order, each clamped. */
    static float[][][] jitter(float[][][] img, int[] order, double b, double c, double s, double hue) {
        float[][][] x = copy(img);
        int h = x[0].length;
        int w = x[0][0].length;
        for (int op : order) {
            double mean = 0;
            if (op == ViewParams.CONTRAST) {
                for (int y = 0; y < h; y++) {
                    for (int q = 0; q < w; q++) {
                        mean += grey(x[0][y][q], x[1][y][q], x[2][y][q]);
                    }
                }
                mean /= h * w;
            }
            for (int y = 0; y < h; y++) {
                for (int q = 0; q < w; q++) {
                    float r = x[0][y][q];
                    float g = x[1][y][q];
                    float bl = x[2][y][q];
                    float[] rgb;
                    switch (op) {
                        case ViewParams.BRIGHTNESS -> rgb = new float[] {(float) (r * b), (float) (g * b), (float) (bl * b)};
                        case ViewParams.CONTRAST -> rgb = new float[] {blend(r, mean, c), blend(g, mean, c), blend(bl, mean, c)};
                        case ViewParams.SATURATION -> {
                            float gr = grey(r, g, bl);
                            rgb = new float[] {blend(r, gr, s), blend(g, gr, s), blend(bl, gr, s)};
                        }
                        default -> rgb = hue == 0 ? new float[] {r, g, bl} : hueTurn(r, g, bl, hue);
                    }
                    for (int k = 0; k < 3; k++) {
                        x[k][y][q] = Math.max(0, Math.min(1, rgb[k]));
                    }
                }
            }
        }
        return x;
    }

    static float[][][] grayscale(float[][][] img) {
        float[][][] x = copy(img);
        for (int y = 0; y < x[0].length; y++) {
            for (int q = 0; q < x[0][0].length; q++) {
                float g = grey(x[0][y][q], x[1][y][q], x[2][y][q]);
                x[0][y][q] = g;
                x[1][y][q] = g;
                x[2][y][q] = g;
            }
        }
        return x;
    }

    /** 2-D Gaussian convolution, borders reflected, kernel taps k. */
    static float[][][] blur(float[][][] img, int k, double sigma) {
        int h = img[0].length;
        int w = img[0][0].length;
        int r = k / 2;
        double[][] kernel = new double[k][k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                kernel[i][j] = Math.exp(-((i - r) * (i - r) + (j - r) * (j - r)) / (2 * sigma * sigma));
                total += kernel[i][j];
            }
        }
        float[][][] out = new float[3][h][w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            sum += kernel[i][j] / total * img[c][reflect(y + i - r, h)][reflect(x + j - r, w)];
                        }
                    }
                    out[c][y][x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }

    private static float blend(float v, double towards, double f) {
        return (float) (f * v + (1 - f) * towards);
    }

    /**
     * torchvision's adjust_hue for one pixel, written from the textbook HSV definition with its
     * six sectors: hue turned by {@code h} turns, saturation and value kept.
     */
    static float[] hueTurn(float r, float g, float b, double h) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double v = max;
        double s = max == 0 ? 0 : (max - min) / max;
        double hue;
        if (max == min) {
            hue = 0;
        } else if (max == r) {
            hue = (g - b) / (max - min) / 6;
        } else if (max == g) {
            hue = (2 + (b - r) / (max - min)) / 6;
        } else {
            hue = (4 + (r - g) / (max - min)) / 6;
        }
        hue = ((hue + h) % 1 + 1) % 1;
        double sector = Math.floor(hue * 6);
        double f = hue * 6 - sector;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        double[] rgb = switch ((int) sector % 6) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
        return new float[] {(float) rgb[0], (float) rgb[1], (float) rgb[2]};
    }

    /** Pixels at or above the threshold inverted (torchvision's solarize). */
    static float[][][] solarize(float[][][] img, double threshold) {
        float[][][] x = copy(img);
        for (float[][] plane : x) {
            for (float[] row : plane) {
                for (int q = 0; q < row.length; q++) {
                    row[q] = row[q] >= threshold ? 1 - row[q] : row[q];
                }
            }
        }
        return x;
    }

    /**
     * A crop resized to size × size with PIL's bicubic filter (Keys, a = −0.5), evaluated
     * directly in 2-D per output pixel over the crop (window clamped to it, weights
     * normalised), clamped to [0, 1] as PIL's 8-bit output is. Up-sampling only (support 2).
     */
    static float[][][] cropBicubicUpsample(float[][][] img, int top, int left, int h, int w, int size) {
        float[][][] out = new float[3][size][size];
        double sy = (double) h / size;
        double sx = (double) w / size;
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    double cy = (oy + 0.5) * sy;
                    double cx = (ox + 0.5) * sx;
                    double sumY = 0;
                    double sumX = 0;
                    double acc = 0;
                    int y0 = Math.max(0, (int) Math.floor(cy - 2 + 0.5));
                    int y1 = Math.min(h, (int) Math.floor(cy + 2 + 0.5));
                    int x0 = Math.max(0, (int) Math.floor(cx - 2 + 0.5));
                    int x1 = Math.min(w, (int) Math.floor(cx + 2 + 0.5));
                    for (int y = y0; y < y1; y++) {
                        sumY += keys(y + 0.5 - cy);
                    }
                    for (int x = x0; x < x1; x++) {
                        sumX += keys(x + 0.5 - cx);
                    }
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            acc += keys(y + 0.5 - cy) * keys(x + 0.5 - cx) * img[c][top + y][left + x];
                        }
                    }
                    out[c][oy][ox] = (float) Math.max(0, Math.min(1, acc / (sumY * sumX)));
                }
            }
        }
        return out;
    }

    /** Keys' cubic convolution kernel with a = −0.5. */
    private static double keys(double x) {
        double a = Math.abs(x);
        if (a <= 1) {
            return 1.5 * a * a * a - 2.5 * a * a + 1;
        }
        if (a < 2) {
            return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
        }
        return 0;
    }

    static float[][][] copy(float[][][] img) {
        float[][][] x = new float[3][][];
        for (int c = 0; c < 3; c++) {
            x[c] = new float[img[c].length][];
            for (int y = 0; y < img[c].length; y++) {
                x[c][y] = img[c][y].clone();
            }
        }
        return x;
    }
}
