package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.env.Scopes;

/** Finds NaN or infinite values among named arrays, in one read-back for all of them. */
final class NonFinite {
    private NonFinite() {
    }

    /**
     * The name of the first floating-point array holding NaN or an infinity, or null. Each
     * array's {@code sum(x − x)} is 0 exactly when all its values are finite (∞ − ∞ and NaN give
     * NaN); the sums are read back together.
     */
    static String first(Map<String, NDArray> arrays) {
        List<String> names = new ArrayList<>();
        List<NDArray> floating = new ArrayList<>();
        arrays.forEach((name, a) -> {
            if (a.getDataType().isFloating() && a.size() > 0) {
                names.add(name);
                floating.add(a);
            }
        });
        if (floating.isEmpty()) {
            return null;
        }
        try (NDManager scope = floating.get(0).getManager().newSubManager()) {
            NDList sums = new NDList();
            for (NDArray a : floating) {
                NDArray v = Scopes.view(a, scope);
                sums.add(v.sub(v).sum().toType(DataType.FLOAT32, false).reshape(1));
            }
            float[] s = NDArrays.concat(sums).toFloatArray();
            for (int i = 0; i < s.length; i++) {
                if (!Float.isFinite(s[i])) {
                    return names.get(i);
                }
            }
            return null;
        }
    }
}
