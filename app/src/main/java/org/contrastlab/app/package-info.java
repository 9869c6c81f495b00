/** The application: the command line and the JavaFX window, wired in one composition root. */
package org.contrastlab.app;
