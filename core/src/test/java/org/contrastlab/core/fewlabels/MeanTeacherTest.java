package org.contrastlab.core.fewlabels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.train.TrainingModel;
import org.junit.jupiter.api.Test;

/**
 * Mean Teacher on real CIFAR-10 images from a random start: a few steps with a fifth of the
 * labels take the teacher (the students' average) well above chance on held-out images; its
 * consistency weight ramps up as the reference's sigmoid.
 */
class MeanTeacherTest {
    @Test
    void theTeacherLearnsFromFewLabelsAndAllImages() {
        ImageStore all = TestData.cifarTestImages(1500);
        int[] first = new int[1000];
        int[] rest = new int[500];
        for (int i = 0; i < 1500; i++) {
            if (i < 1000) {
                first[i] = i;
            } else {
                rest[i - 1000] = i;
            }
        }
        ImageStore train = all.subset(first);
        ImageStore test = all.subset(rest);
        LabelSubset labels = LabelSubset.draw("20/class", train, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingModel.Loaded student = TrainingModel.random("convnet-tiny", train, 32, m);
            TrainingModel.Loaded teacher = TrainingModel.random("convnet-tiny", train, 32, m);
            MeanTeacher.Options o = new MeanTeacher.Options(new FineTune.Options(4, 64, 0.05, 5e-4, 0.2, 5), 32, 10, 1, 0.95);
            MeanTeacher.Result r = MeanTeacher.run(student.backbone(), teacher.backbone(), student.normalization(), 32, train,
                    labels.indices(), test, o, m, null);
            assertEquals(4 * (1000 / 64), r.steps());
            assertTrue(r.teacherTop1() > 0.2, "teacher " + r.teacherTop1() + ", student " + r.studentTop1() + " (chance 0.1)");
        }
    }

    @Test
    void theConsistencyWeightRampsUpAsTheReference() {
        assertEquals(Math.exp(-5), MeanTeacher.rampUp(0, 5), 1e-12);
        assertEquals(Math.exp(-5 * 0.25), MeanTeacher.rampUp(2.5, 5), 1e-12);
        assertEquals(1, MeanTeacher.rampUp(5, 5), 0);
        assertEquals(1, MeanTeacher.rampUp(9, 5), 0);
        assertEquals(1, MeanTeacher.rampUp(0, 0), 0);
    }
}
