/**
 * One training step made visible, between steps of a paused run: the batch's views, the
 * similarity of their embeddings with the positive pairs, each row's contrastive loss, and what
 * the method itself compares ({@link org.contrastlab.core.method.StepDetail}).
 */
package org.contrastlab.core.inspect;
