/**
 * What the attention viewer opens and watches: an {@link org.contrastlab.core.viewer.AttentionModel},
 * a ViT from a run or a weights file ({@link org.contrastlab.core.viewer.ViTModel}) or a Swin from
 * a run ({@link org.contrastlab.core.viewer.SwinModel}), and the attention of a few images during
 * training ({@link org.contrastlab.core.viewer.AttentionProbe}). Above both {@code attention} (the
 * maps and their score) and {@code train} (runs and their models), so that neither depends on the
 * other's users.
 */
package org.contrastlab.core.viewer;
