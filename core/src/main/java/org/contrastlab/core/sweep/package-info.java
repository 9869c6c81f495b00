/**
 * InfoMin's experiment as a feature: the same method trained with views that share more or
 * less (one recipe setting turned over a list of values), each run's kNN and the views' shared
 * information measured, written as a CSV.
 */
package org.contrastlab.core.sweep;
