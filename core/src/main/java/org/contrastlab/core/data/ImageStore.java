package org.contrastlab.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A decoded dataset: {@code n} RGB images of {@code height × width} stored as uint8 in
 * channel-major order (N×3×H×W), with an integer label per image (or -1 when unlabelled),
 * the class names, and optionally a binary object mask per image (N×H×W, 0 or 1).
 *
 * <p>Immutable: the arrays are owned by the store and never handed out for writing.
 */
public final class ImageStore {
    public static final int UNLABELLED = -1;

    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final byte[] masks;
    private final int size;
    private final int height;
    private final int width;

    public ImageStore(byte[] pixels, int[] labels, List<String> classNames, byte[] masks, int height, int width) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + height + "x" + width);
        }
        int perImage = 3 * height * width;
        if (pixels.length != labels.length * perImage) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected "
                    + labels.length + " images of " + perImage);
        }
        if (masks != null && masks.length != labels.length * height * width) {
            throw new IllegalArgumentException("masks hold " + masks.length + " bytes, expected "
                    + labels.length * height * width);
        }
        for (int label : labels) {
            if (label != UNLABELLED && (label < 0 || label >= classNames.size())) {
                throw new IllegalArgumentException("label " + label + " outside the " + classNames.size() + " classes");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.masks = masks;
        this.size = labels.length;
        this.height = height;
        this.width = width;
    }

    public int size() { return size; }
    public int height() { return height; }
    public int width() { return width; }
    public List<String> classNames() { return classNames; }
    public int label(int i) { return labels[i]; }
    public int[] labels() { return labels.clone(); }
    public boolean hasMasks() { return masks != null; }

    /** True when every image has a label. */
    public boolean isLabelled() {
        return size > 0 && Arrays.stream(labels).noneMatch(l -> l == UNLABELLED);
    }

    /** The value (0–255) of channel {@code c} at row {@code y}, column {@code x} of image {@code i}. */
    public int value(int i, int c, int y, int x) {
        return pixels[((i * 3 + c) * height + y) * width + x] & 0xFF;
    }

    /**
     * True when no image has colour: every pixel's three channels equal (a one-channel data set
     * stored as RGB). Looks at every image; stops at the first coloured pixel.
     */
    public boolean isGreyscale() {
        int plane = height * width;
        for (int i = 0; i < size; i++) {
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                if (pixels[base + p] != pixels[base + plane + p] || pixels[base + p] != pixels[base + 2 * plane + p]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The object mask value (0 or 1) of image {@code i} at (y, x). */
    public int mask(int i, int y, int x) {
        if (masks == null) {
            throw new IllegalStateException("this dataset has no object masks");
        }
        return masks[(i * height + y) * width + x];
    }

    /** Image {@code i} as packed ARGB pixels, row by row, for display. */
    public int[] argb(int i) {
        int plane = height * width;
        int base = i * 3 * plane;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            int r = pixels[base + p] & 0xFF;
            int g = pixels[base + plane + p] & 0xFF;
            int b = pixels[base + 2 * plane + p] & 0xFF;
            out[p] = 0xFF000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }

    /** The images at {@code indices}, in that order, as a new store. */
    public ImageStore subset(int[] indices) {
        int perImage = 3 * height * width;
        int plane = height * width;
        byte[] px = new byte[indices.length * perImage];
        int[] lb = new int[indices.length];
        byte[] mk = masks == null ? null : new byte[indices.length * plane];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            System.arraycopy(pixels, i * perImage, px, j * perImage, perImage);
            lb[j] = labels[i];
            if (mk != null) {
                System.arraycopy(masks, i * plane, mk, j * plane, plane);
            }
        }
        return new ImageStore(px, lb, classNames, mk, height, width);
    }

    /**
     * Stores of one image size one after the other, as one unlabelled store without masks
     * (e.g. images picked from several places, to be processed in one batch).
     */
    public static ImageStore concat(List<ImageStore> stores) {
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        ImageStore first = stores.get(0);
        int total = stores.stream().mapToInt(ImageStore::size).sum();
        int perImage = 3 * first.height * first.width;
        byte[] px = new byte[total * perImage];
        int at = 0;
        for (ImageStore s : stores) {
            if (s.height != first.height || s.width != first.width) {
                throw new IllegalArgumentException("cannot concatenate " + s.width + "×" + s.height + " images with "
                        + first.width + "×" + first.height + " ones");
            }
            System.arraycopy(s.pixels, 0, px, at, s.pixels.length);
            at += s.pixels.length;
        }
        int[] lb = new int[total];
        Arrays.fill(lb, UNLABELLED);
        return new ImageStore(px, lb, List.of(), null, first.height, first.width);
    }

    /** Labelled stores of one image size and one class list one after the other, labels and masks kept. */
    public static ImageStore concatLabelled(List<ImageStore> stores) {
        ImageStore first = stores.get(0);
        int total = stores.stream().mapToInt(ImageStore::size).sum();
        byte[] px = new byte[total * 3 * first.height * first.width];
        int[] lb = new int[total];
        boolean masked = stores.stream().allMatch(ImageStore::hasMasks);
        byte[] mk = masked ? new byte[total * first.height * first.width] : null;
        int at = 0;
        int image = 0;
        for (ImageStore s : stores) {
            if (s.height != first.height || s.width != first.width || !s.classNames.equals(first.classNames)) {
                throw new IllegalArgumentException("cannot join stores of different sizes or classes");
            }
            System.arraycopy(s.pixels, 0, px, at, s.pixels.length);
            System.arraycopy(s.labels, 0, lb, image, s.size);
            if (mk != null) {
                System.arraycopy(s.masks, 0, mk, image * first.height * first.width, s.masks.length);
            }
            at += s.pixels.length;
            image += s.size;
        }
        return new ImageStore(px, lb, first.classNames, mk, first.height, first.width);
    }

    /** Every image mirrored left-right when {@code mirror}, then rolled {@code shift} pixels to the right (wrapping), labels kept. */
    public ImageStore transformed(boolean mirror, int shift) {
        byte[] px = new byte[pixels.length];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int from = mirror ? width - 1 - x : x;
                        px[base + y * width + Math.floorMod(x + shift, width)] = pixels[base + y * width + from];
                    }
                }
            }
        }
        return new ImageStore(px, labels.clone(), classNames, null, height, width);
    }

    /** The first {@code n} images (all of them when n ≥ size). */
    public ImageStore head(int n) {
        if (n >= size) {
            return this;
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, k -> k);
        return subset(idx);
    }

    /** All pixels as a uint8 NDArray of shape (N, 3, H, W) owned by {@code manager}, on its device. */
    public NDArray toNDArray(NDManager manager) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(pixels.length);
        buffer.put(pixels).flip();
        return manager.create(buffer, new Shape(size, 3, height, width), DataType.UINT8);
    }
}
