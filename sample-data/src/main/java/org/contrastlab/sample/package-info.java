/**
 * The built-in synthetic dataset "shapes" ({@code sample:shapes}): ten classes of shapes drawn over
 * textured or noisy backgrounds with an object mask per image, generated deterministically into a
 * cache folder on first use.
 */
package org.contrastlab.sample;
