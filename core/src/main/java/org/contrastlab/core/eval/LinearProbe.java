package org.contrastlab.core.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.contrastlab.core.augment.Seeds;
import org.contrastlab.core.env.DeviceConstants;
import org.contrastlab.core.env.HostPack;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.env.Scalars;

/**
 * The linear probe: a softmax classifier trained on frozen features (MoCo, SimCLR and
 * solo-learn's "linear evaluation"), here on the backbone's features standardised with the
 * training split's mean and deviation per dimension. Mini-batch SGD with momentum 0.9 and a
 * cosine learning rate, weight decay on the weights, a fixed recipe (no tuning on the test
 * split); deterministic for a seed. Returns the top-1 accuracy on the test features.
 */
public final class LinearProbe {
    /** @param epochs passes over the training features; @param batchSize features per step */
    public record Options(int epochs, int batchSize, double learningRate, double weightDecay, long seed) {
        public static Options defaults() {
            return new Options(100, 256, 0.1, 1e-4, 0);
        }
    }

    /** What the probe reached on both splits. */
    public record Result(double trainTop1, double testTop1) {
    }

    private LinearProbe() {
    }

    /**
     * @param train (N, d) features; @param trainLabels N labels in 0..classes−1
     * @param test (M, d) features; @param testLabels M labels
     */
    public static Result fit(NDArray train, int[] trainLabels, NDArray test, int[] testLabels, int classes, Options o) {
        // grad mode off outside the collector on whichever thread this runs: the updates are in place
        try (NoGrad off = NoGrad.enter()) {
            return train(train, trainLabels, test, testLabels, classes, o);
        }
    }

    private static Result train(NDArray train, int[] trainLabels, NDArray test, int[] testLabels, int classes, Options o) {
        NDManager m = train.getManager();
        try (NDManager scope = m.newSubManager()) {
            NDArray mean = train.mean(new int[] {0}, true);
            NDArray std = Scalars.add(train.sub(mean).square().mean(new int[] {0}, true).sqrt(), 1e-6f);
            mean.attach(scope);
            std.attach(scope);
            NDArray x = train.sub(mean).div(std);
            x.attach(scope);
            NDArray xTest = test.sub(mean).div(std);
            xTest.attach(scope);
            long d = train.getShape().get(1);
            NDArray w = scope.zeros(new Shape(d, classes));
            NDArray b = scope.zeros(new Shape(classes));
            NDArray vw = scope.zeros(w.getShape());
            NDArray vb = scope.zeros(b.getShape());
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            int n = trainLabels.length;
            int steps = Math.max(1, o.epochs() * Math.max(1, n / o.batchSize()));
            int size = Math.min(o.batchSize(), n);
            // the labels go to the device once, and each pass's order once (not each step's batch)
            HostPack labelPack = new HostPack();
            int labelHandle = labelPack.addIndices(trainLabels);
            NDArray oneHots = labelPack.upload(scope).get(labelHandle).oneHot(classes);
            NDManager passScope = null;
            NDArray order = null;
            Random rng = new Random(o.seed());
            int at = n;
            for (int step = 0; step < steps; step++) {
                if (at + o.batchSize() > n) {
                    if (passScope != null) {
                        passScope.close();
                    }
                    passScope = scope.newSubManager();
                    HostPack pass = new HostPack();
                    int handle = pass.addIndices(Seeds.permutation(n, rng));
                    order = pass.upload(passScope).get(handle);
                    at = 0;
                }
                NDArray idx = order.get(at + ":" + (at + size));
                at += size;
                double lr = o.learningRate() * (1 + Math.cos(Math.PI * step / steps)) / 2;
                try (NDManager stepScope = scope.newSubManager()) {
                    idx.attach(stepScope);
                    NDArray batch = x.get(idx);
                    batch.attach(stepScope);
                    NDArray oneHot = oneHots.get(idx);
                    oneHot.attach(stepScope);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = batch.matMul(w).add(b);
                        NDArray loss = Scalars.div(logits.logSoftmax(1).mul(oneHot).sum(), -(double) size);
                        c.backward(loss);
                    }
                    DeviceConstants k = new DeviceConstants(stepScope);
                    update(w, vw, k.of(lr), o.weightDecay() == 0 ? null : k.of(o.weightDecay()), k.of(0.9), stepScope);
                    update(b, vb, k.of(lr), null, k.of(0.9), stepScope);
                }
            }
            return new Result(top1(x, w, b, trainLabels, scope), top1(xTest, w, b, testLabels, scope));
        }
    }

    /** SGD with momentum and L2 weight decay (added to the gradient), in place; {@code wd} null for none. */
    private static void update(NDArray p, NDArray v, NDArray lr, NDArray wd, NDArray momentum, NDManager scope) {
        NDArray g = p.getGradient();
        g.attach(scope);
        NDArray view = p.reshape(p.getShape());
        view.attach(scope);
        NDArray d = wd == null ? g : g.add(view.mul(wd));
        v.muli(momentum).addi(d);
        p.subi(v.mul(lr));
        g.subi(g);
    }

    private static double top1(NDArray x, NDArray w, NDArray b, int[] labels, NDManager scope) {
        try (NDManager s = scope.newSubManager()) {
            NDArray xs = x.reshape(x.getShape());
            xs.attach(s);
            long[] predicted = xs.matMul(w).add(b).argMax(1).toType(DataType.INT64, false).toLongArray();
            int right = 0;
            for (int i = 0; i < labels.length; i++) {
                right += predicted[i] == labels[i] ? 1 : 0;
            }
            return (double) right / labels.length;
        }
    }
}
