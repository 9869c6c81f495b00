/** Reusable JavaFX views that take plain data (ARGB pixel arrays, numbers, records) and never core types: image grids and live charts. */
package org.contrastlab.visual;
