/** The training engine: the step loop, optimizers, schedules, immutable training events, run directories and checkpoints. */
package org.contrastlab.core.train;
