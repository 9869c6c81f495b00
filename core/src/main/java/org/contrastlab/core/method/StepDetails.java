package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.loss.Unit;

/**
 * Shared pieces of the methods' {@link SslMethod#detail}: networks in inference mode (batch
 * norm on its running statistics, which stay as they are), the first images of a view, and the
 * cosines and distributions the step-through draws, read to the host.
 */
final class StepDetails {
    private StepDetails() {
    }

    /** {@code x} through {@code blocks} in inference mode: nothing of the run changes. */
    static NDArray inference(ParameterStore ps, NDArray x, Block... blocks) {
        NDArray y = x;
        for (Block b : blocks) {
            y = b.forward(ps, new NDList(y), false).singletonOrThrow();
        }
        return y;
    }

    /** The first {@code k} images of a view. */
    static NDArray first(NDArray view, int k) {
        return view.get("0:" + k);
    }

    /** The cosine of each row of {@code a} with the same row of {@code b}. */
    static float[] cosines(NDArray a, NDArray b) {
        return Unit.rows(a).mul(Unit.rows(b)).sum(new int[] {1}).toFloatArray();
    }

    /** The mean cosine between different rows of {@code a}: near 1 when every image comes out alike (collapse). */
    static double alike(NDArray a) {
        NDArray u = Unit.rows(a);
        float[] m = u.matMul(u.transpose()).toFloatArray();
        int n = (int) a.getShape().get(0);
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sum += i == j ? 0 : m[i * n + j];
            }
        }
        return sum / (n * (n - 1.0));
    }

    static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** softmax(x / t) of one row, on the host. */
    static float[] softmax(float[] x, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i] / t - max);
            sum += e[i];
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    /** Entropy in nats of a distribution. */
    static double entropy(float[] p) {
        double h = 0;
        for (float v : p) {
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    /** The indices of the {@code n} largest values, largest first. */
    static int[] top(float[] v, int n) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> Float.compare(v[b], v[a]));
        return idx.subList(0, Math.min(n, v.length)).stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code v} at the indices {@code at}. */
    static float[] at(float[] v, int[] at) {
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = v[at[i]];
        }
        return out;
    }

    /** "#12", "#7", … for bars that are prototypes. */
    static List<String> names(int[] at) {
        List<String> out = new ArrayList<>();
        for (int i : at) {
            out.add("#" + i);
        }
        return out;
    }
}
