/**
 * Weights made elsewhere, opened here: one reader over safetensors files and PyTorch
 * checkpoints, and the search for an encoder inside a training checkpoint (its prefix, which
 * of several encoders, what is a head).
 */
package org.contrastlab.core.model.weights;
