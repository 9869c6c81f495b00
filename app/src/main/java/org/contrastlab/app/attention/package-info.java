/** The attention viewer: a ViT's attention on an image, every head over the picture, computed off the FX thread. */
package org.contrastlab.app.attention;
