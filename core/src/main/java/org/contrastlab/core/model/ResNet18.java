package org.contrastlab.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-18 in torchvision's layout ({@code torchvision.models.resnet18}; He et al. 2016): a
 * stem, four stages of two basic blocks (3×3 conv, BN, ReLU, 3×3 conv, BN, plus the shortcut,
 * then ReLU) of widths 64-128-256-512, the first block of stages 2–4 with stride 2 and a 1×1
 * conv + BN shortcut, then global average pooling to 512 features (no classifier). The
 * ImageNet stem is a 7×7 stride-2 conv and a 3×3 stride-2 max-pool; the CIFAR stem (the
 * SimCLR, MoCo-demo and solo-learn variant for 32 px) a 3×3 stride-1 conv and no max-pool.
 * 11,176,512 trainable parameters with the ImageNet stem, 11,168,832 with the CIFAR one.
 * (DJL's {@code ResNetV1} with 18 layers is a bottleneck network of a different size.)
 */
public final class ResNet18 {
    private static final int[] WIDTHS = {64, 128, 256, 512};

    private ResNet18() {
    }

    /** @param cifarStem the 3×3 stride-1 stem without max-pool, for 32–64 px images */
    public static Block build(boolean cifarStem) {
        SequentialBlock net = stem(64, cifarStem);
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            net.add(basicBlock(WIDTHS[stage], stage == 0 ? 1 : 2, stage > 0));
            net.add(basicBlock(WIDTHS[stage], 1, false));
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    /** torchvision's stem of {@code width} channels (7×7 stride 2, BN, ReLU, 3×3 max-pool), or the CIFAR one. */
    static SequentialBlock stem(int width, boolean cifarStem) {
        SequentialBlock net = new SequentialBlock();
        if (cifarStem) {
            net.add(conv(width, 3, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        } else {
            net.add(conv(width, 7, 2)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        return net;
    }

    /** main + shortcut, then ReLU. */
    static Block residual(Block main, Block shortcut) {
        return new SequentialBlock()
                .add(new ParallelBlock(branches -> new NDList(
                        branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())), List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Block basicBlock(int width, int stride, boolean projectShortcut) {
        Block main = new SequentialBlock()
                .add(conv(width, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, 1)).add(BatchNorm.builder().build());
        Block shortcut = projectShortcut
                ? new SequentialBlock().add(conv(width, 1, stride)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return residual(main, shortcut);
    }

    /** A bias-free square convolution with torchvision's padding (k/2). */
    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false).build();
    }
}
