/**
 * A ViT's attention looked at: the CLS token's attention over the patches per head and layer, DINO's
 * mass mask, upsampling to the image, and the mask's Jaccard index against object masks.
 */
package org.contrastlab.core.attention;
