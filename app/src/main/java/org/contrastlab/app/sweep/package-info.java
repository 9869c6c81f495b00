/** The Sweep tab: InfoMin's experiment in the window, kNN against a view setting and against the views' shared information. */
package org.contrastlab.app.sweep;
