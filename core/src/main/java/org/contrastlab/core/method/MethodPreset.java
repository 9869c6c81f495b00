package org.contrastlab.core.method;

import java.util.Map;

/**
 * A method's small preset: how {@code contrastlab train --method M} differs from the shared
 * machine-sized defaults (convnet-small, batch 256, 32 px, SGD with momentum 0.9 at 0.3, a
 * cosine schedule). Each value left unset (null) keeps the shared default. Built with the
 * {@code with…} methods, for example {@code MethodPreset.views("moco-v1").temperature(0.07f)}.
 *
 * @param views          the view recipe's name, resized to the run's image size; null: SimCLR's
 *                       CIFAR views, drawn from the run's colour strength and blur
 * @param optimizer      sgd, lars or adamw; null: SGD
 * @param learningRate   the peak learning rate, used as it is at any batch size (nothing scales it
 *                       with the batch: a preset measured at another batch, such as MoBY's on
 *                       {@code sample:shapes}, says its own rate)
 * @param weightDecay    weight decay; null: the shared 5e-4
 * @param weightDecayEnd the weight decay at the end of a cosine schedule; null: none
 * @param gradClip       gradient clipping norm; null: none
 * @param temperature    the loss temperature
 * @param headHidden     the heads' hidden width
 * @param projectionDim  the projection width
 * @param bench          steps and batch size of the method's row in {@code bench methods}
 * @param shapes         views, budget and settings on the built-in {@code sample:shapes}; null: the CIFAR preset there too
 * @param backbone       the backbone the method is meant for (MoBY: a Swin Transformer); null: the shared convnet-small
 */
public record MethodPreset(String views, String optimizer, Double learningRate, Double weightDecay,
                           Double weightDecayEnd, Double gradClip, Float temperature, Integer headHidden,
                           Integer projectionDim, Budget bench, OnShapes shapes, String backbone) {

    /** Steps and images per step. */
    public record Budget(int steps, int batchSize) {
        public Budget {
            if (steps <= 0 || batchSize <= 1) {
                throw new IllegalArgumentException("a budget needs steps > 0 and batches > 1, got " + steps + " × " + batchSize);
            }
        }
    }

    /**
     * The views, budget, method settings and learning rate (null: the preset's) a method takes on
     * the built-in data set, which has its own; a user's {@code --param} overrides a setting of
     * {@code params}, {@code --lr} the rate. {@code imageSize}: the network's and the
     * evaluation's side in pixels (null: the shared default); {@code vit}: what it takes instead
     * with a Vision Transformer backbone (null: the same as with any backbone).
     */
    public record OnShapes(String views, Budget budget, Map<String, Double> params, Double learningRate, Integer imageSize,
                           OnShapes vit) {
        public OnShapes {
            params = Map.copyOf(params);
        }
    }

    /** The {@code bench methods} budget of a method that sets none (issue 21's CIFAR-subset budget). */
    public static final Budget DEFAULT_BENCH = new Budget(200, 256);

    public MethodPreset {
        bench = bench == null ? DEFAULT_BENCH : bench;
    }

    /** A preset on the named view recipe; null for SimCLR's views from the colour strength. */
    public static MethodPreset views(String recipe) {
        return new MethodPreset(recipe, null, null, null, null, null, null, null, null, null, null, null);
    }

    public MethodPreset optimizer(String value) {
        return new MethodPreset(views, value, learningRate, weightDecay, weightDecayEnd, gradClip, temperature, headHidden,
                projectionDim, bench, shapes, backbone);
    }

    public MethodPreset learningRate(double value) {
        return new MethodPreset(views, optimizer, value, weightDecay, weightDecayEnd, gradClip, temperature, headHidden,
                projectionDim, bench, shapes, backbone);
    }

    /** Weight decay, and with {@code end ≥ 0} its value at the end of a cosine schedule. */
    public MethodPreset weightDecay(double value, double end) {
        return new MethodPreset(views, optimizer, learningRate, value, end < 0 ? null : end, gradClip, temperature,
                headHidden, projectionDim, bench, shapes, backbone);
    }

    public MethodPreset gradClip(double value) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, value, temperature, headHidden,
                projectionDim, bench, shapes, backbone);
    }

    public MethodPreset temperature(float value) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, gradClip, value, headHidden,
                projectionDim, bench, shapes, backbone);
    }

    /** The heads' widths; a value ≤ 0 keeps the shared default. */
    public MethodPreset heads(int hidden, int projection) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, gradClip, temperature,
                hidden > 0 ? hidden : null, projection > 0 ? projection : null, bench, shapes, backbone);
    }

    public MethodPreset bench(int steps, int batchSize) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, gradClip, temperature,
                headHidden, projectionDim, new Budget(steps, batchSize), shapes, backbone);
    }

    /** The views and budget on {@code sample:shapes}; {@link #shapesParams} and {@link #shapesRate} add to them. */
    public MethodPreset onShapes(String recipe, int steps, int batchSize) {
        return withShapes(new OnShapes(recipe, new Budget(steps, batchSize), Map.of(), null, null, null));
    }

    /** Method settings on {@code sample:shapes}, after {@link #onShapes}. */
    public MethodPreset shapesParams(Map<String, Double> params) {
        OnShapes s = shapesOrThrow();
        return withShapes(new OnShapes(s.views(), s.budget(), params, s.learningRate(), s.imageSize(), s.vit()));
    }

    /** The peak learning rate on {@code sample:shapes}, after {@link #onShapes}. */
    public MethodPreset shapesRate(double rate) {
        OnShapes s = shapesOrThrow();
        return withShapes(new OnShapes(s.views(), s.budget(), s.params(), rate, s.imageSize(), s.vit()));
    }

    /**
     * What the method takes on {@code sample:shapes} with a Vision Transformer backbone instead,
     * after {@link #onShapes}: its views, budget, the network's image size and settings (DINO:
     * the views with which its ViT's attention finds the shapes).
     */
    public MethodPreset shapesWithViT(String recipe, int steps, int batchSize, int imageSize, Map<String, Double> params) {
        OnShapes s = shapesOrThrow();
        OnShapes vit = new OnShapes(recipe, new Budget(steps, batchSize), params, null, imageSize, null);
        return withShapes(new OnShapes(s.views(), s.budget(), s.params(), s.learningRate(), s.imageSize(), vit));
    }

    private OnShapes shapesOrThrow() {
        if (shapes == null) {
            throw new IllegalStateException("onShapes(recipe, steps, batch) comes first");
        }
        return shapes;
    }

    private MethodPreset withShapes(OnShapes value) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, gradClip, temperature,
                headHidden, projectionDim, bench, value, backbone);
    }

    public MethodPreset backbone(String id) {
        return new MethodPreset(views, optimizer, learningRate, weightDecay, weightDecayEnd, gradClip, temperature, headHidden,
                projectionDim, bench, shapes, id);
    }
}
