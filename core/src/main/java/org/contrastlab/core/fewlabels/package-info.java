/**
 * Learning from few labels (the survey's point about self-supervision: what it buys when labels
 * are scarce): class-balanced label subsets kept in the run, fine-tuning of a pre-trained encoder
 * on them against the supervised-only baseline from random initialisation, and the results file.
 */
package org.contrastlab.core.fewlabels;
