package org.contrastlab.core.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * An MLP head built from layer widths, as the SimCLR, MoCo v2 and BYOL heads are: every layer
 * but the last is Linear → BatchNorm → ReLU; the last is a plain Linear (lightly's
 * {@code ProjectionHead} layout).
 */
public final class ProjectionHead {
    private ProjectionHead() {
    }

    /** @param widths hidden widths followed by the output width, e.g. {512, 128} */
    public static Block build(int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("a head needs at least its output width");
        }
        SequentialBlock head = new SequentialBlock();
        for (int i = 0; i < widths.length - 1; i++) {
            head.add(Linear.builder().setUnits(widths[i]).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        head.add(Linear.builder().setUnits(widths[widths.length - 1]).build());
        return head;
    }

    /**
     * As {@link #build} with the options of the SimSiam and Barlow Twins projectors: no bias on
     * any layer (every one but the last is followed by BN, which has its own shift), and, with
     * {@code lastBatchNorm}, an affine-free BN after the last layer (SimSiam's
     * {@code BatchNorm1d(dim, affine=False)}).
     */
    public static Block noBias(boolean lastBatchNorm, int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("a head needs at least its output width");
        }
        SequentialBlock head = new SequentialBlock();
        for (int i = 0; i < widths.length; i++) {
            head.add(Linear.builder().setUnits(widths[i]).optBias(false).build());
            if (i < widths.length - 1) {
                head.add(BatchNorm.builder().build()).add(Activation.reluBlock());
            } else if (lastBatchNorm) {
                head.add(BatchNorm.builder().optScale(false).optCenter(false).build());
            }
        }
        return head;
    }
}
