/**
 * A run's recipe handed to a distributed trainer: the method, its settings, the backbone, the
 * optimizer and schedule and every view written in the target's own configuration layout, and
 * whatever the target cannot express listed rather than dropped.
 */
package org.contrastlab.core.export;
