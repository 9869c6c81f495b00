package org.contrastlab.core.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A teacher network that follows a student as an exponential moving average of its weights:
 * {@code θ_t ← m·θ_t + (1 − m)·θ_s} after each optimizer step (MoCo's key encoder, BYOL's
 * target). The teacher starts as a copy of the student, its parameters take no gradient, and
 * the update runs in place with its temporaries in the caller's step scope, so nothing grows.
 * Batch-norm running statistics are not averaged: the teacher keeps its own, as in the
 * references (they update their buffers only through the teacher's forward passes).
 */
public final class EmaTeacher {
    private final List<Parameter[]> pairs = new ArrayList<>();

    /**
     * @param student an initialised network
     * @param teacher an initialised network of the same structure; frozen here and set to the student's weights
     */
    public EmaTeacher(Block student, Block teacher) {
        List<Pair<String, Parameter>> s = student.getParameters().stream().toList();
        List<Pair<String, Parameter>> t = teacher.getParameters().stream().toList();
        if (s.size() != t.size()) {
            throw new IllegalArgumentException("teacher and student differ: " + t.size() + " vs " + s.size() + " parameters");
        }
        teacher.freezeParameters(true);
        for (int i = 0; i < s.size(); i++) {
            Parameter ps = s.get(i).getValue();
            Parameter pt = t.get(i).getValue();
            if (!ps.getArray().getShape().equals(pt.getArray().getShape())) {
                throw new IllegalArgumentException("teacher parameter " + t.get(i).getKey() + " has shape "
                        + pt.getArray().getShape() + ", the student's " + ps.getArray().getShape());
            }
            if (ps.requiresGradient()) {
                // parameters, not their arrays: loading a checkpoint gives a parameter a new array
                pairs.add(new Parameter[] {ps, pt});
            }
            // the start: the teacher is the student (running statistics included)
            pt.getArray().subi(pt.getArray()).addi(ps.getArray());
        }
    }

    /** θ_t ← m·θ_t + (1 − m)·θ_s for every trained parameter; temporaries live in {@code scope}. */
    public void update(double momentum, NDManager scope) {
        float m = (float) momentum;
        org.contrastlab.core.env.DeviceConstants k = new org.contrastlab.core.env.DeviceConstants(scope);
        for (Parameter[] p : pairs) {
            NDArray scaled = p[0].getArray().mul(k.of(1 - m));
            scaled.attach(scope);
            p[1].getArray().muli(k.of(m)).addi(scaled);
        }
    }
}
