package org.contrastlab.core.augment;

/**
 * Global views cover most of the image and are what a teacher (DINO) or the codes (SwAV)
 * see; local views are small crops that only the student or the predicting side sees.
 */
public enum ViewRole {
    GLOBAL,
    LOCAL
}
