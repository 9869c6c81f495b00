package org.contrastlab.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.data.ImageStore;

/** Per-channel standardisation {@code (x − mean) / std} with statistics of a dataset. */
public record Normalization(float[] mean, float[] std) {
    /** The names a recipe may give: the training images' own statistics, two published sets, or none. */
    public static final List<String> NAMES = List.of("dataset", "imagenet", "cifar10", "none");

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The normalisation a recipe names: {@code dataset} (statistics of {@code train}),
     * {@code imagenet} (torchvision's 0.485, 0.456, 0.406 / 0.229, 0.224, 0.225), {@code cifar10}
     * (0.4914, 0.4822, 0.4465 / 0.2470, 0.2435, 0.2616, as solo-learn uses) or {@code none}.
     */
    public static Normalization named(String name, ImageStore train) {
        return switch (name) {
            case "dataset" -> of(train);
            case "imagenet" -> new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
            case "cifar10" -> new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
            case "none" -> new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
            default -> throw new IllegalArgumentException("unknown normalization '" + name + "' (known: " + NAMES + ")");
        };
    }

    /** As {@code "mean r,g,b std r,g,b"}, the form {@link #parse} reads (kept with exported weights). */
    public String format() {
        return String.format(Locale.ROOT, "mean %s,%s,%s std %s,%s,%s", mean[0], mean[1], mean[2], std[0], std[1], std[2]);
    }

    /** Reads {@link #format()}'s form; a malformed text or a std that is not positive is refused, quoting it. */
    public static Normalization parse(String text) {
        String[] parts = text.trim().split("\\s+");
        try {
            if (parts.length == 4 && parts[0].equals("mean") && parts[2].equals("std")) {
                float[] mean = floats(parts[1]);
                float[] std = floats(parts[3]);
                boolean ok = true;
                for (int c = 0; c < 3; c++) {
                    ok &= Float.isFinite(mean[c]) && std[c] > 0 && Float.isFinite(std[c]);
                }
                if (ok) {
                    return new Normalization(mean, std);
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("'" + text + "' is not a normalisation (expected: mean r,g,b std r,g,b with std > 0)");
    }

    private static float[] floats(String csv) {
        String[] v = csv.split(",");
        if (v.length != 3) {
            throw new IllegalArgumentException(csv);
        }
        return new float[] {Float.parseFloat(v[0]), Float.parseFloat(v[1]), Float.parseFloat(v[2])};
    }

    /** Channel means and standard deviations of a store's pixels, in [0, 1] units. */
    public static Normalization of(ImageStore store) {
        double[] sum = new double[3];
        double[] sq = new double[3];
        int plane = store.height() * store.width();
        int step = Math.max(1, store.size() / 2000);
        long count = 0;
        for (int i = 0; i < store.size(); i += step, count += plane) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < store.height(); y++) {
                    for (int x = 0; x < store.width(); x++) {
                        double v = store.value(i, c, y, x) / 255.0;
                        sum[c] += v;
                        sq[c] += v * v;
                    }
                }
            }
        }
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double mu = sum[c] / count;
            mean[c] = (float) mu;
            std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[c] / count - mu * mu)));
        }
        return new Normalization(mean, std);
    }

    /**
     * This normalisation with its mean and std made once on {@code manager}'s device, for a run
     * that applies it every step (each {@link #apply} makes them again).
     */
    public OnDevice on(NDManager manager) {
        return new OnDevice(filled(manager, mean), filled(manager, std));
    }

    /** (1, 3, 1, 1) holding {@code v}, filled on the device channel by channel: nothing is copied from the host. */
    private static NDArray filled(NDManager manager, float[] v) {
        NDList channels = new NDList();
        for (float c : v) {
            channels.add(manager.full(new Shape(1, 1, 1, 1), c));
        }
        return NDArrays.concat(channels, 1);
    }

    /** A normalisation whose mean and std live on a device; they belong to the manager they were made on. */
    public record OnDevice(NDArray mean, NDArray std) {
        /** Standardises a (B, 3, H, W) batch on the same device. */
        public NDArray apply(NDArray x) {
            return x.sub(mean).div(std);
        }
    }

    /** Standardises a (B, 3, H, W) batch (its mean and std made on the batch's device for this call). */
    public NDArray apply(NDArray x) {
        return on(x.getManager()).apply(x);
    }
}
