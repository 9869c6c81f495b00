/** Evaluation of a backbone's features: embeddings and the weighted kNN monitor. */
package org.contrastlab.core.eval;
