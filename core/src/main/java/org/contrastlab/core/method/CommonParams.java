package org.contrastlab.core.method;

/** Settings that several methods share, with the same meaning and small-preset value. */
final class CommonParams {
    static final ParamSpec QUEUE = ParamSpec.count("queue_size", 4096, 1, 1 << 20,
            "keys in the queue (MoCo: 65536 on ImageNet, 4096 in the CIFAR demo)");
    static final ParamSpec MOMENTUM = new ParamSpec("momentum", 0.99, 0, 1,
            "teacher EMA momentum m (MoCo 0.999, CIFAR demo 0.99)");
    static final ParamSpec SPLIT_BN = ParamSpec.count("split_bn", 8, 1, 1024,
            "batch-norm groups emulating shuffle BN on one device (CIFAR demo: 8)");
    static final ParamSpec SYMMETRIC = ParamSpec.flag("symmetric", false,
            "both views as query and key, losses summed (CIFAR demo: +2–3 points)");

    private CommonParams() {
    }
}
