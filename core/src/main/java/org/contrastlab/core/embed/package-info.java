/** A dataset's embeddings by a run's backbone: computed, written and read (.npy or safetensors, with a labels file). */
package org.contrastlab.core.embed;
