package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What "Inside a step" shows of a DINO step: the teacher's centred, sharpened distribution for
 * the first image's first view beside the student's for its second, and the centre, over the
 * teacher's top outputs; and how many outputs the teacher's top picks spread over.
 */
final class DinoDetail {
    private DinoDetail() {
    }

    /**
     * @param teacherOut the teacher's outputs (B, K) for the first view of the shown images
     * @param studentOut the student's outputs (B, K) for their second view
     */
    static StepDetail of(NDArray teacherOut, NDArray studentOut, float[] c, double tt, double ts) {
        float[][] teacher = rows(teacherOut);
        float[][] student = rows(studentOut);
        // the teacher's distribution: its output minus the centre, sharpened by its low temperature
        float[] pt = StepDetails.softmax(centred(teacher[0], c), tt);
        float[] ps0 = StepDetails.softmax(student[0], ts);
        int[] shown = StepDetails.top(pt, 24);
        Set<Integer> picked = new HashSet<>();
        for (float[] t : teacher) {
            picked.add(StepDetails.top(centred(t, c), 1)[0]);
        }
        return new StepDetail("The student (view 2) learns to give the teacher's distribution over " + c.length + " outputs (view 1)."
                + " The teacher is centred (its running mean subtracted, which spreads it) and sharpened (temperature "
                + String.format(Locale.ROOT, "%.3f", tt) + " against the student's " + ts + "): the two together keep it from collapsing."
                + " Bars: image 1's top outputs.",
                Map.of("teacher_entropy_image1", StepDetails.entropy(pt), "student_entropy_image1", StepDetails.entropy(ps0),
                        "teacher_outputs_used", (double) picked.size(), "outputs", (double) c.length),
                List.of(new StepDetail.Bars("teacher distribution, image 1", StepDetails.at(pt, shown), StepDetails.names(shown)),
                        new StepDetail.Bars("student distribution, image 1 (same outputs)", StepDetails.at(ps0, shown),
                                StepDetails.names(shown)),
                        new StepDetail.Bars("centre (same outputs)", StepDetails.at(c, shown), StepDetails.names(shown))));
    }

    private static float[] centred(float[] t, float[] c) {
        float[] x = t.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] -= c[i];
        }
        return x;
    }

    private static float[][] rows(NDArray x) {
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        float[] all = x.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * d, out[i], 0, d);
        }
        return out;
    }
}
