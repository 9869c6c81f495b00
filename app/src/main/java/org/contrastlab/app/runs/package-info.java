/** The runs view: every run, their curves side by side, and what to do with one. */
package org.contrastlab.app.runs;
