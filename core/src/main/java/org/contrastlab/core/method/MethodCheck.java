package org.contrastlab.core.method;

import java.util.List;
import org.contrastlab.core.data.ImageStore;

/**
 * A method's own checks of a configuration, beyond the ranges of its settings (which
 * {@link MethodParams} checks): run before anything is written, each adds a message naming the
 * option to change. {@link #config} sees the configuration; {@link #data} also the training
 * split's size, once it is open, and {@link #images} its images.
 */
public interface MethodCheck {
    /** No checks of its own. */
    MethodCheck NONE = new MethodCheck() {
    };

    /**
     * What a configuration asks of a method: the step's batch, views and heads, and the backbone;
     * {@code viewSizes}: each view's side in pixels, in the order the method gets them.
     */
    record Shape(int batchSize, int projectionDim, int globalViews, String backbone, boolean vit, List<Integer> viewSizes) {
        public Shape {
            viewSizes = List.copyOf(viewSizes);
        }
    }

    default void config(MethodParams params, Shape shape, List<String> problems) {
    }

    default void data(MethodParams params, int trainSize, String dataName, List<String> problems) {
    }

    /** Checks of the training images themselves (CMC: they must have colour). */
    default void images(MethodParams params, ImageStore train, String dataName, List<String> problems) {
    }

    /** Checks of the configuration alone. */
    static MethodCheck onConfig(Config check) {
        return new MethodCheck() {
            @Override
            public void config(MethodParams params, Shape shape, List<String> problems) {
                check.config(params, shape, problems);
            }
        };
    }

    /** {@link #config} as a lambda. */
    @FunctionalInterface
    interface Config {
        void config(MethodParams params, Shape shape, List<String> problems);
    }

    /**
     * A queue must hold at least the keys one step enqueues, or the step's own keys would push
     * out one another (MoCo: B or 2B; SimCLR v2's memory: B per global view).
     */
    static void queueHolds(MethodParams params, int keys, List<String> problems) {
        int queue = params.count("queue_size");
        if (queue < keys) {
            problems.add("--param queue_size=" + queue + " must hold the " + keys
                    + " keys one step enqueues (batch size × views enqueued)");
        }
    }
}
