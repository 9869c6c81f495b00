/**
 * t-SNE written here (van der Maaten &amp; Hinton 2008): exact input similarities from each
 * point's 3·perplexity nearest neighbours, perplexity calibrated per point, PCA
 * initialisation, early exaggeration, momentum and gains, and the repulsive forces by
 * FFT-accelerated interpolation on a grid (Linderman et al. 2019, FIt-SNE; as openTSNE), so
 * that each iteration costs O(N) plus a fixed-size FFT. Also PCA and the quality of a map.
 */
package org.contrastlab.core.tsne;
