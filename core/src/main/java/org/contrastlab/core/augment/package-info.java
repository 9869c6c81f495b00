/**
 * Batched view augmentations: per-sample random parameters drawn on the CPU from a seeded RNG and
 * kept, then applied to a whole batch as NDArray linear algebra (crop, resize, flip and blur as
 * matrices along rows and columns; colour ops as per-sample 3×3 matrices).
 */
package org.contrastlab.core.augment;
