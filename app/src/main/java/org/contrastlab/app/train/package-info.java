/** The training dashboard: a view model over a background training run, and its view. */
package org.contrastlab.app.train;
