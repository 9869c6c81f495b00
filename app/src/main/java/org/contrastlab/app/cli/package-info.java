/** The command line ({@code contrastlab train|eval|doctor|methods}), usable without a display. */
package org.contrastlab.app.cli;
