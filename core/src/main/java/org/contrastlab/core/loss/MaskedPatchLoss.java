package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * iBOT's masked patch loss (Zhou et al. 2022, "iBOT: Image BERT Pre-Training with Online
 * Tokenizer", eq. 2; bytedance/ibot {@code main_ibot.py iBOTLoss}, its {@code v == q} term): for
 * each global view, the teacher's outputs for the patch tokens of the whole view, centred and
 * sharpened, are the targets of the student's outputs for the same tokens of the same view with
 * some patches masked, counted at the masked positions only:
 * <pre>L = mean over global views v of mean_b [ Σ_n m(b,n)·Σ_k −P_t[v](b,n,k)·log P_s[v](b,n,k) / max(Σ_n m(b,n), 1) ]</pre>
 * with {@code P_t = softmax((t − c)/τ_t)} over K and {@code log P_s = log_softmax(s/τ_s)}. Unlike
 * DINO's term, each target is predictable from the student's own view, since only its masked
 * patches are hidden. The teacher's side, centre included, carries no gradient.
 */
public final class MaskedPatchLoss {
    private MaskedPatchLoss() {
    }

    /**
     * @param student each global view's student outputs for its patch tokens (B, N, K), masked input
     * @param teacher the same views' teacher outputs (B, N, K), whole input, in the same order
     * @param center the running patch centre (1, 1, K)
     * @param masks each view's mask (B, N): 1 where the student's patch was hidden, else 0
     */
    public static NDArray compute(List<NDArray> student, List<NDArray> teacher, NDArray center, List<NDArray> masks, float studentTemp,
            float teacherTemp) {
        if (student.isEmpty() || student.size() != teacher.size() || student.size() != masks.size()) {
            throw new IllegalArgumentException("the masked patch loss needs one student, teacher and mask per global view, got "
                    + student.size() + ", " + teacher.size() + " and " + masks.size());
        }
        NDArray c = Scopes.view(center, teacher.get(0).getManager());
        NDArray total = null;
        for (int v = 0; v < student.size(); v++) {
            NDArray target = Scalars.div(teacher.get(v).sub(c).stopGradient(), teacherTemp).softmax(2);
            NDArray logP = Scalars.div(student.get(v), studentTemp).logSoftmax(2);
            NDArray perToken = target.mul(logP).sum(new int[] {2}).neg();
            NDArray m = masks.get(v);
            NDArray perImage = perToken.mul(m).sum(new int[] {1}).div(Scalars.maximum(m.sum(new int[] {1}), 1));
            NDArray term = perImage.mean();
            total = total == null ? term : total.add(term);
        }
        return Scalars.div(total, student.size());
    }
}
