package org.contrastlab.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import org.contrastlab.core.env.Scalars;
import org.contrastlab.core.env.Scopes;

/**
 * DINO's projection head (Caron et al. 2021; facebookresearch/dino {@code vision_transformer.py
 * DINOHead}): an MLP of three linear layers with GELU between them (no batch norm) down to a
 * bottleneck, L2 normalisation, then a bias-free weight-normalised layer to K outputs. With
 * its norm fixed to 1 ({@code norm_last_layer}), the last layer is {@code x·(v/‖v‖)ᵀ}, each
 * output row of {@code v} unit length. The two parts are separate blocks so the last layer can
 * be frozen on its own during the first epoch.
 */
public final class DinoHead {
    private DinoHead() {
    }

    /** The MLP up to the bottleneck: Linear → GELU → Linear → GELU → Linear, trunc-normal(0.02) weights, zero biases. */
    public static Block mlp(int hidden, int bottleneck) {
        return mlp(hidden, bottleneck, false);
    }

    /**
     * The MLP with, when {@code batchNorm}, a batch norm after each hidden linear layer (the
     * reference's {@code use_bn_in_head}, its choice for ResNets): it standardises each
     * hidden unit over the batch, so what tells the images apart reaches the last layer even
     * where the backbone's features differ little between images (a ViT at its start).
     */
    public static Block mlp(int hidden, int bottleneck, boolean batchNorm) {
        SequentialBlock mlp = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            mlp.add(Linear.builder().setUnits(hidden).build());
            if (batchNorm) {
                mlp.add(BatchNorm.builder().build());
            }
            mlp.add(Activation::gelu);
        }
        mlp.add(Linear.builder().setUnits(bottleneck).build());
        mlp.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        return mlp;
    }

    /** The last layer on the L2-normalised bottleneck: K outputs, rows of its weight normalised (norm fixed to 1). */
    public static Block lastLayer(int outputs) {
        return new WeightNormalizedLast(outputs);
    }

    /** {@code normalize(x)·(v/‖v‖)ᵀ}: (B, bottleneck) → (B, K). */
    static final class WeightNormalizedLast extends AbstractBlock {
        private final int outputs;
        private final Parameter v;

        WeightNormalizedLast(int outputs) {
            this.outputs = outputs;
            this.v = addParameter(Parameter.builder().setName("weight_v").setType(Parameter.Type.WEIGHT)
                    .optInitializer(new TruncatedNormalInitializer(0.02f)).build());
        }

        @Override
        protected void prepare(Shape[] inputShapes) {
            v.setShape(new Shape(outputs, inputShapes[0].get(1)));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray unit = x.div(Scalars.maximum(x.norm(new int[] {1}, true), 1e-12));
            NDArray w = Scopes.view(ps.getValue(v, x.getDevice(), training), x.getManager());
            NDArray rows = w.div(Scalars.maximum(w.norm(new int[] {1}, true), 1e-12));
            return new NDList(unit.matMul(rows.transpose()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        }
    }
}
