/**
 * Inside one training step: a running run held between steps and stepped one at a time, and the
 * view of the step it takes next (its views, the similarity of their embeddings with the positive
 * pairs marked, each row's loss, and what the method itself compares).
 */
package org.contrastlab.app.inside;
