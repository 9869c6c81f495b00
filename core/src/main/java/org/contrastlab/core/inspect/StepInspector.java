package org.contrastlab.core.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.contrastlab.core.augment.Normalization;
import org.contrastlab.core.method.SslMethod;
import org.contrastlab.core.method.StepInput;

/**
 * Makes a {@link StepInspection} of a step's input: the first images' first two views, their
 * backbone features in inference mode (as kNN sees them; batch-norm statistics untouched),
 * unit-normalised, their cosine similarities, each row's InfoNCE loss, and the method's own
 * {@link SslMethod#detail}. Between steps, with recording off; its arrays belong to the input's scope.
 */
public final class StepInspector {
    /** The most images shown: a 24 × 24 matrix stays readable on a projector. */
    public static final int MAX_IMAGES = 12;

    private StepInspector() {
    }

    public static StepInspection inspect(String methodId, SslMethod method, StepInput in, Normalization normalization, float temperature,
                                         int images) {
        int batch = (int) in.views().get(0).getShape().get(0);
        int k = Math.max(1, Math.min(Math.min(images, MAX_IMAGES), batch));
        int viewCount = Math.min(2, in.views().size());
        List<NDArray> shown = new ArrayList<>();
        for (int v = 0; v < viewCount; v++) {
            shown.add(in.views().get(v).get("0:" + k));
        }
        // the two views may differ in size (asymmetric recipes): each through the backbone on its own
        NDList features = new NDList();
        for (NDArray v : shown) {
            features.add(flat(in.parameters(), method, v));
        }
        NDArray f = features.size() == 1 ? features.get(0) : NDArrays.concat(features, 0);
        NDArray unit = f.div(f.norm(new int[] {1}, true).maximum(1e-12f));
        float[] sim = unit.matMul(unit.transpose()).toFloatArray();
        int rows = k * viewCount;
        float[] loss = new float[rows];
        for (int r = 0; r < rows; r++) {
            loss[r] = viewCount == 1 ? Float.NaN : rowLoss(sim, rows, r, r < k ? r + k : r - k, temperature);
        }
        List<int[]> argb = new ArrayList<>();
        int size = (int) shown.get(0).getShape().get(2);
        for (NDArray v : shown) {
            argb.addAll(toArgb(v, normalization, size));
        }
        return new StepInspection(in.step() + 1, methodId, k, batch, size, argb, sim, loss, temperature, method.detail(in, k));
    }

    private static NDArray flat(ParameterStore ps, SslMethod method, NDArray view) {
        NDArray out = method.backbone().forward(ps, new NDList(view), false).singletonOrThrow();
        return out.reshape(out.getShape().get(0), -1);
    }

    /** −log of the positive's share of exp(s/τ) over every other row. */
    static float rowLoss(float[] sim, int rows, int row, int positive, float temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < rows; j++) {
            if (j != row) {
                max = Math.max(max, sim[row * rows + j] / temperature);
            }
        }
        double sum = 0;
        for (int j = 0; j < rows; j++) {
            if (j != row) {
                sum += Math.exp(sim[row * rows + j] / temperature - max);
            }
        }
        return (float) (Math.log(sum) + max - sim[row * rows + positive] / temperature);
    }

    /** The views back in colour (the normalisation undone), one ARGB image each. */
    private static List<int[]> toArgb(NDArray views, Normalization norm, int size) {
        // views of another size than the first are drawn at their own size in the corner
        int n = (int) views.getShape().get(0);
        int h = (int) views.getShape().get(2);
        int w = (int) views.getShape().get(3);
        float[] x = views.toFloatArray();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[size * size];
            for (int y = 0; y < Math.min(h, size); y++) {
                for (int c = 0; c < Math.min(w, size); c++) {
                    int rgb = 0xff000000;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = x[((i * 3 + ch) * h + y) * w + c] * norm.std()[ch] + norm.mean()[ch];
                        int b = Math.round(Math.max(0, Math.min(1, v)) * 255);
                        rgb |= b << (16 - 8 * ch);
                    }
                    px[y * size + c] = rgb;
                }
            }
            out.add(px);
        }
        return out;
    }
}
