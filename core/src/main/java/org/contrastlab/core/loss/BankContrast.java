package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import org.contrastlab.core.env.Scalars;

/**
 * One direction of CMC's contrast (Tian et al. 2019, eq. 2–4; HobbitLong/CMC
 * {@code NCE/NCEAverage.py}, {@code NCE/NCECriterion.py}): a view's unit features {@code f}
 * scored against rows of the <em>other</em> view's memory bank, its own image's row first, then
 * K rows drawn at random, {@code s = rows·f/τ}. Either the cross-entropy with the own row as
 * the class ({@code --softmax} in the reference), or the scores {@code exp(s)} for NCE
 * ({@link NceLoss}, after dividing by the normaliser Z).
 */
public final class BankContrast {
    private BankContrast() {
    }

    /**
     * @param f    (B, d) unit features of one view, with gradient
     * @param rows (B, K + 1, d) unit rows of the other view's bank, the own image's first, no gradient
     * @return (B, K + 1) scores {@code rows·f/τ}
     */
    public static NDArray scores(NDArray f, NDArray rows, float temperature) {
        return Scalars.div(rows.matMul(f.expandDims(2)).squeeze(2), temperature);
    }

    /** Cross-entropy of {@link #scores} with the own row (column 0) as the class, averaged over the batch. */
    public static NDArray softmax(NDArray f, NDArray rows, float temperature) {
        return scores(f, rows, temperature).logSoftmax(1).get(":, 0").mean().neg();
    }
}
