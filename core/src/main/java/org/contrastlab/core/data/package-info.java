/**
 * Datasets and their decoding into one ImageStore: uint8 N×3×H×W pixels with labels, class names and
 * optional object masks, read from image folders, CIFAR binaries, MNIST IDX files or a registered
 * provider such as the built-in sample data.
 */
package org.contrastlab.core.data;
