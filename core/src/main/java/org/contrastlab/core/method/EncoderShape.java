package org.contrastlab.core.method;

import ai.djl.nn.Block;
import java.util.function.Supplier;
import org.contrastlab.core.augment.Normalization;

/**
 * How a method makes the network it trains, evaluates and exports out of the registered
 * backbone: most take the backbone as it is; CMC puts one backbone on each colour view of the
 * image (a {@link org.contrastlab.core.model.ColourSplit}). Training, evaluation and the viewers
 * all build a run's encoder through this, so they agree on its shape.
 */
public interface EncoderShape {
    /** The backbone as it is. */
    EncoderShape PLAIN = new EncoderShape() {
    };

    /**
     * @param newBackbone makes one registered backbone
     * @param params      the method's settings
     * @param input       how the images the encoder is given are standardised
     */
    default Block build(Supplier<Block> newBackbone, MethodParams params, Normalization input) {
        return newBackbone.get();
    }

    /** The width of the encoder's features, given the backbone's. */
    default int featureDim(int backboneDim, MethodParams params) {
        return backboneDim;
    }
}
