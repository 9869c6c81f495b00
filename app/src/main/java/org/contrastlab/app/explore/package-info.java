/** The embedding explorer: a run's embeddings of the held-out images as PCA and t-SNE maps. */
package org.contrastlab.app.explore;
