package org.contrastlab.core.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * ResNet-50 in torchvision's layout ({@code torchvision.models.resnet50}, ResNet v1.5: the
 * stride on the 3×3 convolution): torchvision's ImageNet stem, four stages of 3, 4, 6 and 3
 * bottleneck blocks (1×1 conv to the stage width, 3×3 conv, 1×1 conv to four times it, each with
 * BN; a 1×1 conv + BN shortcut on each stage's first block), global average pooling to
 * 2,048 features, no classifier: 23,508,032 parameters, the encoder that SimCLR, MoCo v2, BYOL,
 * SwAV and Barlow Twins published. {@code stemWidth} below 64 makes the same network narrower
 * (the test fixtures use 4).
 */
public final class ResNet50 {
    public static final int[] BLOCKS = {3, 4, 6, 3};

    private ResNet50() {
    }

    public static Block build(int stemWidth) {
        SequentialBlock net = ResNet18.stem(stemWidth, false);
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int width = stemWidth << stage;
            for (int i = 0; i < BLOCKS[stage]; i++) {
                net.add(bottleneck(width, i == 0 && stage > 0 ? 2 : 1, i == 0));
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    /** Features a ResNet-50 of this stem width ends with. */
    public static int features(int stemWidth) {
        return stemWidth * 8 * 4;
    }

    private static Block bottleneck(int width, int stride, boolean projectShortcut) {
        Block main = new SequentialBlock()
                .add(ResNet18.conv(width, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(ResNet18.conv(width, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(ResNet18.conv(4 * width, 1, 1)).add(BatchNorm.builder().build());
        Block shortcut = projectShortcut
                ? new SequentialBlock().add(ResNet18.conv(4 * width, 1, stride)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return ResNet18.residual(main, shortcut);
    }
}
