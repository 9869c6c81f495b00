package org.contrastlab.core.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * DINO's self-distillation loss (Caron et al. 2021, eq. 1 and Algorithm 1; facebookresearch/dino
 * {@code main_dino.py DINOLoss}): the teacher's outputs of the global views, centred and
 * sharpened, {@code P_t = softmax((t − c)/τ_t)}, are the targets of the student's
 * {@code log P_s = log_softmax(s/τ_s)} of every other view:
 * <pre>L = mean over pairs (i global, v ≠ i) of  mean_b Σ_k −P_t[i](b,k)·log P_s[v](b,k)</pre>
 * The teacher's side, centre included, carries no gradient.
 */
public final class DinoLoss {
    private DinoLoss() {
    }

    /**
     * @param student every view's student output (B, K), the global views first
     * @param teacher the global views' teacher outputs (B, K), in the same order
     * @param center the running centre (1, K)
     */
    public static NDArray compute(List<NDArray> student, List<NDArray> teacher, NDArray center, float studentTemp, float teacherTemp) {
        if (student.size() < 2) {
            throw new IllegalArgumentException("DINO needs at least two views, got " + student.size());
        }
        NDArray c = Scopes.view(center, teacher.get(0).getManager());
        List<NDArray> targets = teacher.stream().map(t -> Scalars.div(t.sub(c).stopGradient(), teacherTemp).softmax(1)).toList();
        return fromTargets(student, targets, studentTemp);
    }

    /**
     * The same loss with the teacher's targets already made (DINOv2's Sinkhorn-Knopp centring
     * makes them without the running centre): each a (B, K) distribution with no gradient.
     */
    public static NDArray fromTargets(List<NDArray> student, List<NDArray> targets, float studentTemp) {
        if (student.size() < 2) {
            throw new IllegalArgumentException("DINO needs at least two views, got " + student.size());
        }
        List<NDArray> logProbabilities = student.stream().map(s -> Scalars.div(s, studentTemp).logSoftmax(1)).toList();
        return CrossViewPairs.mean(targets, logProbabilities, CrossViewPairs::crossEntropy);
    }
}
